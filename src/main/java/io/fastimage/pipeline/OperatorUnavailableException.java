package io.fastimage.pipeline;

/** Fast mode was asked of an operator that has no working network; the message says why. */
public class OperatorUnavailableException extends RuntimeException {

    public OperatorUnavailableException(String reason) {
        super(reason);
    }
}
