package io.fastimage.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastimage.codec.OutputFormat;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM drains: the packaged jar, started as its own process, finishes a request that is being
 * processed when it receives SIGTERM, then exits. Runs after {@code package} (failsafe), on the jar
 * users run.
 */
class GracefulShutdownIT {

    @TempDir
    Path models;

    @Test
    void sigtermLetsTheRequestInFlightFinishBeforeExit() throws Exception {
        try (PackagedService service = PackagedService.start(models, environment -> { })) {
            ServiceClient client = service.client();
            service.awaitReady();

            // An exact ROF at about 0.5 MP takes several seconds: long enough to still be running at SIGTERM.
            byte[] photo = TestPhotos.encode(TestPhotos.photo(900, 600), OutputFormat.JPEG);
            CompletableFuture<HttpResponse<byte[]>> inFlight =
                    client.postAsync("/api/v1/operators/rudin-osher-fatemi/apply?mode=exact", "image/jpeg", photo);
            awaitBusyWorker(client);

            service.process().destroy(); // SIGTERM

            HttpResponse<byte[]> answer = inFlight.get(90, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(service.log()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(service.process().waitFor(90, TimeUnit.SECONDS)).as("process exited after draining").isTrue();
            assertThat(service.log()).contains("Graceful shutdown complete");
        }
    }

    /** Waits until the worker has taken the request, read from the service's own metric. */
    private static void awaitBusyWorker(ServiceClient client) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String metrics = client.get("/actuator/prometheus").body();
            if (metrics.lines().anyMatch(line -> line.startsWith("fastimage_workers_active") && line.endsWith(" 1.0"))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the request never reached a worker");
    }
}
