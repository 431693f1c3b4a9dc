/**
 * What an operator is, independent of how it is computed: the one contract every implementation meets
 * ({@link io.fastimage.operator.ImageOperator}: image in, image out, cancellable, says whether it is exact or
 * which network), ids, descriptions, parameters and their validation, and the registry of the ten operators
 * with their networks by variant.
 *
 * <p>Layer: below its two implementations ({@code operator.exact}, {@code operator.neural}), which it does not
 * import: the loaded networks reach the registry through {@link io.fastimage.operator.NetworkCatalog}.
 */
package io.fastimage.operator;
