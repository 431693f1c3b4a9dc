package io.fastimage.web;

import io.fastimage.codec.ImageRejectedException;
import io.fastimage.operator.InvalidParameterException;
import io.fastimage.pipeline.JobTimeoutException;
import io.fastimage.pipeline.QueueFullException;
import io.fastimage.pipeline.WorkerPool;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.multipart.MultipartException;

/**
 * Prometheus metrics of the service: {@code fastimage_apply_seconds} per operator, mode and outcome,
 * and the worker queue ({@code fastimage_queue_length}, {@code fastimage_workers_active}).
 */
@Component
class RequestMetrics {

    private final MeterRegistry registry;

    RequestMetrics(MeterRegistry registry, WorkerPool workers) {
        this.registry = registry;
        Gauge.builder("fastimage.queue.length", workers, WorkerPool::queueLength)
                .description("images waiting for a worker").register(registry);
        Gauge.builder("fastimage.workers.active", workers, WorkerPool::activeCount)
                .description("images being processed").register(registry);
        Gauge.builder("fastimage.workers", workers, WorkerPool::workers)
                .description("size of the worker pool").register(registry);
    }

    /** Work that may fail reading the upload. */
    interface Work<T> {
        T run() throws IOException;
    }

    /**
     * Times {@code work} under {@code fastimage_apply_seconds{operator,mode,outcome}}, with outcome
     * {@code success}; {@code rejected} (429, back-pressure: the service is busy, not failing);
     * {@code client_error} (other 4xx: the upload or options were wrong); {@code timeout} (503 after
     * the request timeout); {@code error} (everything else: the service failed). Options refused before
     * {@code work} starts are not timed here; Spring's {@code http.server.requests} counts them by status.
     */
    <T> T timeApply(String operator, String mode, Work<T> work) throws IOException {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            T result = work.run();
            outcome = "success";
            return result;
        } catch (RuntimeException | IOException e) {
            outcome = outcome(e);
            throw e;
        } finally {
            Timer.builder("fastimage.apply")
                    .description("time to apply an operator, from taking a queue place (before the upload is read) to"
                            + " the encoded result")
                    .tag("operator", operator)
                    .tag("mode", mode)
                    .tag("outcome", outcome)
                    .register(registry)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    static String outcome(Exception e) {
        if (e instanceof QueueFullException) {
            return "rejected";
        }
        if (e instanceof JobTimeoutException) {
            return "timeout";
        }
        boolean clientError = e instanceof ImageRejectedException || e instanceof InvalidParameterException
                || (e instanceof ErrorResponse response && response.getStatusCode().is4xxClientError())
                // A multipart body that cannot be parsed is answered 400 (or 408 when it stalls): the client's fault.
                || e instanceof MultipartException;
        return clientError ? "client_error" : "error";
    }
}
