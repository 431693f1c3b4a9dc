package io.fastimage.operator;

import io.fastimage.image.Rgb8Image;

/**
 * One implementation of a photo operator, exact or a network, as every caller uses it: the service's
 * pipeline, the CLI commands, pair generation, evaluation and bench.
 *
 * <p>Implementations are thread-safe, do not modify their input, and return an image of the same width and
 * height. They are cancellable: a computation checks {@link Cancellation#checkpoint()} (or waits
 * interruptibly) often enough that interrupting the calling thread stops it with a
 * {@link java.util.concurrent.CancellationException}.
 */
public interface ImageOperator {

    /**
     * The operator applied to {@code input} (8-bit RGB, any size from 1×1).
     *
     * @return a new image of the same size
     * @throws java.util.concurrent.CancellationException when the calling thread is interrupted
     */
    Rgb8Image apply(Rgb8Image input);

    /** What computes the result: the exact operator, or which network. */
    Implementation implementation();
}
