/**
 * Serving the trained networks: the model repository ({@code models/<operator-id>/}), one model with
 * its pool of predictors, the single image↔tensor translator, device selection and the per-thread
 * grad-mode guard. Tensors never leave one prediction; callers see {@link io.fastimage.image.Rgb8Image}.
 */
package io.fastimage.operator.neural;
