package io.fastimage.web;

import io.fastimage.pipeline.WorkerPool;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

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

    <T> T timeApply(String operator, String mode, Supplier<T> work) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            T result = work.get();
            outcome = "success";
            return result;
        } finally {
            Timer.builder("fastimage.apply")
                    .description("time to apply an operator, from queueing to encoded result")
                    .tag("operator", operator)
                    .tag("mode", mode)
                    .tag("outcome", outcome)
                    .register(registry)
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }
}
