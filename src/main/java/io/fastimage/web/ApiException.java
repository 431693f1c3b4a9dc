package io.fastimage.web;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A client-facing error rendered as RFC 9457 problem+json: a stable {@code type} per kind of
 * problem, a public title, and a detail that is safe to show (never an internal message).
 */
public class ApiException extends ErrorResponseException {

    /** Base of the {@code type} URIs; each kind of problem appends its slug. */
    static final String TYPE_BASE = "urn:fastimage:problem:";

    public ApiException(HttpStatus status, String slug, String title, String detail) {
        super(status, problem(status, slug, title, detail), null);
    }

    static ProblemDetail problem(HttpStatus status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + slug));
        problem.setTitle(title);
        return problem;
    }
}
