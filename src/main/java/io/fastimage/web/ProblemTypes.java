package io.fastimage.web;

import java.net.SocketTimeoutException;
import org.springframework.http.HttpStatus;

/**
 * The stable problem {@code type} of answers that the framework or the servlet container gives by itself (a method
 * or media type no endpoint takes, an unknown path, a body that stops arriving), so that every error the service can
 * answer has one, like those raised by its own code.
 */
final class ProblemTypes {

    private ProblemTypes() {
    }

    /** The slug appended to {@link ApiException#TYPE_BASE} for a status with no more specific kind. */
    static String slug(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 408 -> "request-timeout";
            case 413 -> "too-many-bytes";
            case 415 -> "unsupported-type";
            case 429 -> "queue-full";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal" : "http-" + status;
        };
    }

    /** The detail of a 404 for {@code path}, which is no endpoint of the API (with a hint for a trailing slash). */
    static String noEndpoint(String path) {
        return "no endpoint at " + OperatorController.abbreviate(path)
                + (path.length() > 1 && path.endsWith("/") ? " (without the trailing slash it may be one)" : "")
                + "; the API is listed at /v3/api-docs";
    }

    /**
     * The problem for a request body that could not be read to its end: 408 when the client stopped sending for
     * longer than the server's read timeout, else 400 (the body ended early, or its chunked encoding was malformed).
     */
    static ApiException unreadableBody(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return new ApiException(HttpStatus.REQUEST_TIMEOUT, "request-timeout", "Request body timed out",
                        "the request body stopped arriving for longer than the server's read timeout");
            }
        }
        return new ApiException(HttpStatus.BAD_REQUEST, "truncated-body", "Request body incomplete",
                "the request body ended before it was complete (before its Content-Length, or its chunked encoding's "
                        + "last chunk), or its chunked encoding was malformed");
    }
}
