package io.fastimage.pipeline;

import java.time.Duration;

/** A job did not finish within the request timeout; its worker has been told to stop. */
public class JobTimeoutException extends RuntimeException {

    public JobTimeoutException(Duration timeout) {
        super("processing did not finish within the request timeout of " + timeout.toSeconds() + " s");
    }
}
