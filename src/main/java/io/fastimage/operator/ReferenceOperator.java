package io.fastimage.operator;

import io.fastimage.image.PlanarImage;
import io.fastimage.image.Rgb8Image;

/**
 * The exact implementation of one photo operator: it makes the training targets, serves
 * {@code mode=reference}, and is the yardstick for the accuracy of the networks.
 *
 * <p>Implementations are stateless and thread-safe, do not modify their input, return an image of
 * the same size, are deterministic, and call {@link Cancellation#checkpoint()} in their outer loops
 * so that a timed-out request frees its worker. With its default parameters it is an
 * {@link ImageOperator}; {@link #withParameters} gives one with others.
 */
public interface ReferenceOperator extends ImageOperator {

    OperatorInfo info();

    /** The operator on a planar double-precision image with {@code parameters}; a new image of the same size. */
    PlanarImage apply(PlanarImage input, ParameterValues parameters);

    default PlanarImage apply(PlanarImage input) {
        return apply(input, ParameterValues.defaults(info().parameters()));
    }

    /** The operator with its default parameters on an 8-bit image (rounded back to 8 bits). */
    @Override
    default Rgb8Image apply(Rgb8Image input) {
        return withParameters(ParameterValues.defaults(info().parameters())).apply(input);
    }

    @Override
    default Implementation implementation() {
        return Implementation.EXACT;
    }

    /** This operator as an {@link ImageOperator} with {@code parameters}, resolved from {@link OperatorInfo#parameters()}. */
    default ImageOperator withParameters(ParameterValues parameters) {
        return new WithParameters(this, parameters);
    }

    /** An exact operator with chosen parameters: 8-bit in, planar double precision inside, rounded 8-bit out. */
    record WithParameters(ReferenceOperator operator, ParameterValues parameters) implements ImageOperator {
        @Override
        public Rgb8Image apply(Rgb8Image input) {
            return operator.apply(PlanarImage.fromRgb8(input), parameters).toRgb8();
        }

        @Override
        public Implementation implementation() {
            return Implementation.EXACT;
        }
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
