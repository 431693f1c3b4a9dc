/**
 * What every network kind shares, shared by inference and training: the {@code model.json} descriptor of a
 * model directory and its strict reader, weight files, the image↔tensor conversions, the per-thread grad-mode
 * guard, and the registry of network kinds ({@link io.fastimage.model.NetworkKinds}) keyed by
 * {@code architecture.type}. Nothing here knows a particular kind: each lives in a sub-package
 * ({@code model.can}) and is listed in {@code META-INF/services/io.fastimage.model.NetworkKind}.
 * No Spring types and no HTTP concerns here.
 *
 * <p>Layer: above {@code image}; below {@code operator} and everything that serves or trains.
 */
package io.fastimage.model;
