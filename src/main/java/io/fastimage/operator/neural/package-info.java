/**
 * Serving the trained networks: the model repository ({@code models/<operator-id>/}, one directory per variant
 * or {@code model.json} directly), one model with its pool of predictors and its tiling, the single
 * image↔tensor translator and device selection. Networks of any kind are built through
 * {@link io.fastimage.model.NetworkSpec}; nothing here names a kind. Tensors never leave one prediction;
 * callers see {@link io.fastimage.image.Rgb8Image}.
 *
 * <p>Layer: an operator implementation, above {@code operator} and {@code model}.
 */
package io.fastimage.operator.neural;
