package io.fastimage.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** The documented error format, checked the same way by every API test. */
final class Problems {

    private Problems() {
    }

    /**
     * Asserts an RFC 9457 answer: the status, {@code application/problem+json}, the status repeated in the body,
     * the stable type {@code urn:fastimage:problem:<typeSlug>}, and nothing internal.
     */
    static void assertProblem(int status, String contentType, String body, String typeSlug) {
        assertThat(contentType).as("content type of a %d: %s", status, body).startsWith("application/problem+json");
        assertThat(body).contains("\"status\":" + status);
        assertThat(body).contains("\"type\":\"urn:fastimage:problem:" + typeSlug + "\"");
        assertThat(body).contains("\"title\":");
        assertThat(body).doesNotContain("at io.fastimage").doesNotContain("Exception").doesNotContain("at org.");
    }

    static void assertProblem(HttpResponse<byte[]> response, int status, String typeSlug) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.statusCode()).as(body).isEqualTo(status);
        assertProblem(status, response.headers().firstValue("Content-Type").orElse(""), body, typeSlug);
    }
}
