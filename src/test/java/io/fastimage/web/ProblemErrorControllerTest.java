package io.fastimage.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import java.io.EOFException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/** What the servlet container answers by itself (forwarded to the error path) is a typed problem too. */
class ProblemErrorControllerTest {

    private final ProblemErrorController controller = new ProblemErrorController();

    private ResponseEntity<ProblemDetail> errorFor(int status, Throwable failure) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
        request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, failure);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/api/v1/operators/tv-l1/apply");
        return controller.error(request);
    }

    @Test
    void aBodyThatEndedEarlyOrStoppedArrivingIsNamedSo() {
        assertThat(errorFor(400, new EOFException()).getBody().getType()).hasToString("urn:fastimage:problem:truncated-body");
        ResponseEntity<ProblemDetail> timedOut = errorFor(408, new java.io.IOException(new SocketTimeoutException()));
        assertThat(timedOut.getStatusCode().value()).isEqualTo(408);
        assertThat(timedOut.getBody().getType()).hasToString("urn:fastimage:problem:request-timeout");
        assertThat(timedOut.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void otherStatusesGetTheirStableTypeAndNoInternalDetail() {
        ResponseEntity<ProblemDetail> notFound = errorFor(404, null);
        assertThat(notFound.getBody().getType()).hasToString("urn:fastimage:problem:not-found");
        assertThat(notFound.getBody().getInstance()).hasToString("/api/v1/operators/tv-l1/apply");
        ResponseEntity<ProblemDetail> internal = errorFor(500, new IllegalStateException("secret internals"));
        assertThat(internal.getBody().getType()).hasToString("urn:fastimage:problem:internal");
        assertThat(internal.getBody().getDetail()).doesNotContain("secret");
        assertThat(errorFor(200, null).getStatusCode().value()).as("never a success from the error path").isEqualTo(500);
    }

    @Test
    void theErrorPathAskedForDirectlyIsNotFound() {
        ResponseEntity<ProblemDetail> direct = controller.error(new MockHttpServletRequest("GET", "/error"));
        assertThat(direct.getStatusCode().value()).isEqualTo(404);
        assertThat(direct.getBody().getType()).hasToString("urn:fastimage:problem:not-found");
        assertThat(direct.getBody().getDetail()).isEqualTo("no endpoint at /error; the API is listed at /v3/api-docs");
    }
}
