package io.fastimage.wiring;

import ai.djl.Device;
import io.fastimage.operator.OperatorRegistry;
import io.fastimage.operator.neural.Devices;
import io.fastimage.operator.neural.ModelRepository;
import io.fastimage.operator.neural.NativeSetup;
import io.fastimage.pipeline.WorkerPool;
import io.fastimage.web.FastImageProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Loads and warms up the models as a start-up step of the application. Spring Boot runs application runners
 * after the web server is listening and liveness is CORRECT, and publishes readiness ACCEPTING_TRAFFIC (an
 * {@code AvailabilityChangeEvent}) only once they return: readiness stays OUT_OF_SERVICE until every present
 * model has run a warm-up, with no thread or flag of our own.
 */
@Component
class ModelLoading implements ApplicationRunner, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelLoading.class);

    private final FastImageProperties properties;
    private final OperatorRegistry registry;
    private final Device device;
    private final WorkerPool workers;
    private volatile ModelRepository repository;

    ModelLoading(FastImageProperties properties, OperatorRegistry registry, Device device, WorkerPool workers) {
        this.properties = properties;
        this.registry = registry;
        this.device = device;
        this.workers = workers;
    }

    @Override
    public void run(ApplicationArguments arguments) {
        long start = System.nanoTime();
        log.info(NativeSetup.configure().describe());
        log.info("Loading models from {} on {}", properties.models().toAbsolutePath(), Devices.describe(device));
        repository = ModelRepository.load(properties.models(), device, workers.workers(),
                properties.limits().tilePixels(), registry.ids());
        registry.modelsLoaded(repository);
        repository.statuses().forEach((id, status) -> log.info("model {}: {}", id, status));
        log.info("Models ready in {} ms", (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public void close() {
        if (repository != null) {
            repository.close();
        }
    }
}
