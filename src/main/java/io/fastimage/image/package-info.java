/** The two in-memory image forms: 8-bit interleaved RGB at the edges, double-precision planes inside operators. */
package io.fastimage.image;
