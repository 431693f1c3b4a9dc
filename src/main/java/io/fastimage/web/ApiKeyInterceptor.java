package io.fastimage.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Optional API-key check for the endpoints that do pixel work. Keys are compared in constant time;
 * a missing or wrong key is a 401 problem (raised here, rendered by {@link ProblemHandler}).
 */
final class ApiKeyInterceptor implements HandlerInterceptor {

    static final String HEADER = "X-API-Key";

    private final byte[] expected;

    ApiKeyInterceptor(String apiKey) {
        this.expected = apiKey.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String presented = request.getHeader(HEADER);
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (presented == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = authorization.substring(7).trim();
        }
        if (presented == null || !MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            throw new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", "API key required", presented == null
                    ? "send the service's API key in the " + HEADER + " header (or as Authorization: Bearer KEY)"
                    : "the API key sent is not the service's");
        }
        return true;
    }
}
