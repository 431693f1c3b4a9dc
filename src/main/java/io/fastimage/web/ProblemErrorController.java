package io.fastimage.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's error page: what the servlet container answers by itself (a body that stopped arriving,
 * an error outside Spring MVC) is rendered as problem+json with a stable type too, never as Boot's plain JSON or
 * HTML. Errors inside Spring MVC never get here; {@link ProblemHandler} answers them. A request for the error path
 * itself, without an error behind it, is a 404 like any path outside the API (and the path is not in the OpenAPI
 * document).
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    @Hidden
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code == null) {
            // Asked for directly, not forwarded by the container with an error: the path is not part of the API.
            ProblemDetail problem = ApiException.problem(HttpStatus.NOT_FOUND, ProblemTypes.slug(404), "Not Found",
                    ProblemTypes.noEndpoint(request.getRequestURI()));
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        HttpStatus status = HttpStatus.resolve(code instanceof Integer value ? value : 500);
        if (status == null || !status.isError()) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        ProblemDetail problem;
        if (failure instanceof Throwable thrown && (status == HttpStatus.BAD_REQUEST || status == HttpStatus.REQUEST_TIMEOUT)
                && isBodyReadFailure(thrown)) {
            problem = ProblemTypes.unreadableBody(thrown).getBody();
        } else {
            problem = ApiException.problem(status, ProblemTypes.slug(status.value()), status.getReasonPhrase(),
                    status.is5xxServerError() ? "The request failed inside the service." : status.getReasonPhrase() + ".");
        }
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String path) {
            try {
                problem.setInstance(URI.create(path));
            } catch (IllegalArgumentException notAUri) {
                // The path is not echoed back then; the status and type say enough.
            }
        }
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static boolean isBodyReadFailure(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }
}
