package io.fastimage.web;

import ai.djl.Device;
import io.fastimage.operator.OperatorRegistry;
import io.fastimage.operator.neural.Devices;
import io.fastimage.operator.neural.ModelRepository;
import io.fastimage.operator.neural.NativeSetup;
import io.fastimage.pipeline.WorkerPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Loads and warms up the models in the background once the web server is up, so liveness answers
 * at once while readiness stays OUT_OF_SERVICE until every present model has run a warm-up.
 */
@Component
class ModelLoader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);

    private final FastImageProperties properties;
    private final OperatorRegistry registry;
    private final Device device;
    private final WorkerPool workers;
    private volatile ModelRepository repository;

    ModelLoader(FastImageProperties properties, OperatorRegistry registry, Device device, WorkerPool workers) {
        this.properties = properties;
        this.registry = registry;
        this.device = device;
        this.workers = workers;
    }

    @EventListener(ApplicationStartedEvent.class)
    void startLoading() {
        Thread loader = new Thread(this::load, "model-loader");
        loader.setDaemon(true);
        loader.start();
    }

    private void load() {
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
