/**
 * The exact reference operators (plain Java, double precision, deterministic) and the numerical
 * building blocks they share, such as the five-point conjugate-gradient solver.
 */
package io.fastimage.operator.exact;
