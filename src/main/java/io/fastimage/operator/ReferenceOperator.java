package io.fastimage.operator;

import io.fastimage.image.PlanarImage;

/**
 * The exact implementation of one photo operator: it makes the training targets, serves
 * {@code mode=reference}, and is the yardstick for the accuracy of the networks.
 *
 * <p>Implementations are stateless and thread-safe, do not modify their input, return an image of
 * the same size, are deterministic, and call {@link Cancellation#checkpoint()} in their outer loops
 * so that a timed-out request frees its worker.
 */
public interface ReferenceOperator {

    OperatorInfo info();

    PlanarImage apply(PlanarImage input, ParameterValues parameters);

    default PlanarImage apply(PlanarImage input) {
        return apply(input, ParameterValues.defaults(info().parameters()));
    }

    /**
     * Whether mirroring or turning the input by quarter turns mirrors or turns the output the same way
     * (up to the discretisation of derivatives): training may then show the network transformed pairs.
     * True for isotropic operators; false for one that anchors something to image coordinates.
     */
    default boolean commutesWithFlipsAndTurns() {
        return true;
    }
}
