package io.fastimage.operator;

import java.util.concurrent.CancellationException;

/**
 * Cooperative cancellation for long computations: a worker whose request timed out is interrupted,
 * and the computation stops at its next checkpoint instead of holding the worker.
 */
public final class Cancellation {

    private Cancellation() {
    }

    /** Throws {@link CancellationException} when the current thread has been interrupted. */
    public static void checkpoint() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("computation cancelled");
        }
    }
}
