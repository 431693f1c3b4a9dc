package io.fastimage.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The API sniffs uploads by their bytes, so the parameters of a raw body's media type mean nothing to it; some
 * clients send ones Spring cannot parse ({@code image/jpeg; charset=binary}: "binary" is no charset), which made
 * a valid JPEG a 415. For {@code /api/} requests whose type is not multipart (whose boundary parameter is needed),
 * the parameters are dropped before Spring MVC reads the type.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class MediaTypeParametersFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        return type == null || type.indexOf(';') < 0 || !request.getRequestURI().startsWith("/api/")
                || type.regionMatches(true, 0, "multipart/", 0, "multipart/".length());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String bare = request.getContentType().substring(0, request.getContentType().indexOf(';')).trim();
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public String getContentType() {
                return bare;
            }

            @Override
            public String getHeader(String name) {
                return HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name) ? bare : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name) ? Collections.enumeration(java.util.List.of(bare))
                        : super.getHeaders(name);
            }
        }, response);
    }
}
