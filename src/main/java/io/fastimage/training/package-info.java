/**
 * Turning a reference operator into a trained network: the corpus of photographs, training pairs cached by
 * content hash, the training loop and the evaluation of a model against its reference operator. Plain Java
 * and DJL; the {@code train}, {@code pairs} and {@code evaluate} commands of {@code io.fastimage.cli} drive it.
 */
package io.fastimage.training;
