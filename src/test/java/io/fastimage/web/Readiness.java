package io.fastimage.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

/** Waits for a service under test to report readiness (models loaded and warmed up). */
final class Readiness {

    private Readiness() {
    }

    /** Polls {@code /actuator/health/readiness} until it answers 200, for at most two minutes. */
    static void await(HttpClient http, URI base) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(base.resolve("/actuator/health/readiness")).build(),
                        BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // a separately started service opens its port a few seconds after start
            }
            Thread.sleep(200);
        }
        throw new AssertionError("service did not become ready");
    }
}
