/**
 * fastimage: photo operators served exactly (Java) and fast (trained networks, DJL). The application class
 * here starts either the web service or the command line.
 *
 * <p>Packages form layers that only import downwards (enforced by {@code ArchitectureTest}), top first:
 * <ol>
 *   <li>{@code io.fastimage}: the entry point;</li>
 *   <li>{@code wiring}: the service's composition root (Spring configuration, model loading at start-up);</li>
 *   <li>{@code cli} and {@code web}: adapters, which drive the layers below;</li>
 *   <li>{@code training} and {@code pipeline}: what is done with operators (train and evaluate networks;
 *       decode → operator → encode for one request);</li>
 *   <li>{@code operator.exact} and {@code operator.neural}: the two implementations of an operator;</li>
 *   <li>{@code operator}: the operator contract ({@link io.fastimage.operator.ImageOperator}), ids, parameters,
 *       the registry;</li>
 *   <li>{@code model.can} and any other network kind: one kind of network each;</li>
 *   <li>{@code model}: what every network kind shares (model.json, weights, kinds registry, image↔tensor);</li>
 *   <li>{@code codec}: image files in and out;</li>
 *   <li>{@code image}: pixels, metrics, resampling.</li>
 * </ol>
 * Packages of one layer do not import each other, except that a network kind and training may use the kinds.
 */
package io.fastimage;
