package io.fastimage.web;

import io.fastimage.codec.BoundedInput;
import io.fastimage.codec.ImageRejectedException;
import io.fastimage.operator.InvalidParameterException;
import io.fastimage.pipeline.JobTimeoutException;
import io.fastimage.pipeline.QueueFullException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The only place where errors inside Spring MVC become HTTP answers: every failure is RFC 9457 problem+json
 * with the status and stable {@code type} of its kind; unexpected failures are logged and answered with a
 * generic 500 (no stack trace, no internal message). Spring MVC's own errors (405, 406, 415, 400 missing
 * part, 413 upload size, 404 no such path) come through the base class and get their type here; the
 * container's own answers go through {@link ProblemErrorController}.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private static final String TOO_LARGE_TITLE = "Image too large";

    private final FastImageProperties properties;

    ProblemHandler(FastImageProperties properties) {
        this.properties = properties;
    }

    @ExceptionHandler(ImageRejectedException.class)
    ResponseEntity<ProblemDetail> imageRejected(ImageRejectedException e, HttpServletRequest request) {
        return switch (e.reason()) {
            case TOO_MANY_BYTES -> answer(HttpStatus.CONTENT_TOO_LARGE, "too-many-bytes", TOO_LARGE_TITLE, e, request);
            case UNSUPPORTED_TYPE -> answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-type",
                    "Not an image type this service decodes (PNG, JPEG, WebP, BMP, TIFF)", e, request);
            case UNDECODABLE -> answer(HttpStatus.UNPROCESSABLE_CONTENT, "undecodable", "Image could not be decoded", e, request);
            case TOO_MANY_PIXELS -> answer(HttpStatus.UNPROCESSABLE_CONTENT, "too-many-pixels", "Image has too many pixels", e, request);
            case SIDE_TOO_LONG -> answer(HttpStatus.UNPROCESSABLE_CONTENT, "side-too-long", "Image side too long", e, request);
        };
    }

    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> invalidParameter(InvalidParameterException e, HttpServletRequest request) {
        ResponseEntity<ProblemDetail> answer = answer(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter", e, request);
        answer.getBody().setProperty("parameter", e.parameter());
        return answer;
    }

    @ExceptionHandler(QueueFullException.class)
    ResponseEntity<ProblemDetail> queueFull(QueueFullException e, HttpServletRequest request) {
        return withRetryAfter(answer(HttpStatus.TOO_MANY_REQUESTS, "queue-full", "Too many requests", e, request));
    }

    @ExceptionHandler(JobTimeoutException.class)
    ResponseEntity<ProblemDetail> timedOut(JobTimeoutException e, HttpServletRequest request) {
        return withRetryAfter(answer(HttpStatus.SERVICE_UNAVAILABLE, "timeout", "Processing timed out", e, request));
    }

    /** A multipart body that cannot be parsed: cut short, timed out, or not multipart at all. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> malformedMultipart(MultipartException e, HttpServletRequest request) {
        ApiException problem = isTimeout(e) ? ProblemTypes.unreadableBody(e) : new ApiException(HttpStatus.BAD_REQUEST,
                "malformed-multipart", "Malformed multipart body",
                "the multipart/form-data body could not be parsed (cut short, or its boundary does not match)");
        problem.getBody().setInstance(URI.create(request.getRequestURI()));
        return problemAnswer(problem.getStatusCode()).body(problem.getBody());
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Gives the framework's own problems (405, 406, 415, 400 missing part, 413, 404) a stable type. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> answer = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (answer != null && answer.getBody() instanceof ProblemDetail problem
                && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            String slug = ex instanceof MissingServletRequestPartException ? "missing-part"
                    : ex instanceof MaxUploadSizeExceededException ? "too-many-bytes"
                    : ProblemTypes.slug(statusCode.value());
            problem.setType(URI.create(ApiException.TYPE_BASE + slug));
            if (ex instanceof MaxUploadSizeExceededException) {
                // The words of a raw body over the limit (imageRejected), not Spring's.
                problem.setTitle(TOO_LARGE_TITLE);
                problem.setDetail(BoundedInput.tooManyBytes(properties.limits().maxBytes().toBytes()).getMessage());
            }
            if (ex instanceof NoResourceFoundException && request instanceof ServletWebRequest servlet) {
                // Spring's own detail ("No static resource ...") speaks of its internals, not of the API.
                problem.setDetail(ProblemTypes.noEndpoint(servlet.getRequest().getRequestURI()));
            }
        }
        return answer;
    }

    /** The framework's own problems and {@link ApiException}s, typed as the handlers below type theirs. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
            WebRequest request) {
        return problemAnswer(statusCode).headers(headers).body(body);
    }

    /**
     * An answer whose media type is set, not negotiated: a problem is problem+json whatever the client accepts, and an
     * {@code Accept} header that cannot be parsed must not turn the answer into an empty one.
     */
    private static ResponseEntity.BodyBuilder problemAnswer(HttpStatusCode status) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        ProblemDetail problem = ApiException.problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal",
                "Internal error", "The request failed inside the service; it has been logged.");
        problem.setInstance(URI.create(request.getRequestURI()));
        return problemAnswer(HttpStatus.INTERNAL_SERVER_ERROR).body(problem);
    }

    private static ResponseEntity<ProblemDetail> answer(HttpStatus status, String slug, String title, RuntimeException e,
            HttpServletRequest request) {
        ProblemDetail problem = ApiException.problem(status, slug, title, e.getMessage());
        problem.setInstance(URI.create(request.getRequestURI()));
        return problemAnswer(status).body(problem);
    }

    private ResponseEntity<ProblemDetail> withRetryAfter(ResponseEntity<ProblemDetail> answer) {
        return problemAnswer(answer.getStatusCode())
                .header(HttpHeaders.RETRY_AFTER, properties.limits().retryAfterHeader())
                .body(answer.getBody());
    }
}
