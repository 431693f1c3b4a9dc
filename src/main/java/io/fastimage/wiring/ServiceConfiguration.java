package io.fastimage.wiring;

import ai.djl.Device;
import io.fastimage.codec.DecodeLimits;
import io.fastimage.operator.OperatorRegistry;
import io.fastimage.operator.exact.ReferenceOperators;
import io.fastimage.operator.neural.Devices;
import io.fastimage.pipeline.ProcessingPipeline;
import io.fastimage.pipeline.WorkerPool;
import io.fastimage.web.FastImageProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the plain Java core from {@link FastImageProperties}: the registry, the device, the workers and the pipeline. */
@Configuration(proxyBeanMethods = false)
class ServiceConfiguration {

    @Bean
    OperatorRegistry operatorRegistry() {
        return new OperatorRegistry(ReferenceOperators.all());
    }

    @Bean
    Device device(FastImageProperties properties) {
        return Devices.select(properties.device());
    }

    @Bean(destroyMethod = "close")
    WorkerPool workerPool(FastImageProperties properties) {
        FastImageProperties.Limits limits = properties.limits();
        return new WorkerPool(limits.effectiveWorkers(), limits.effectiveQueueCapacity());
    }

    @Bean
    ProcessingPipeline processingPipeline(FastImageProperties properties, WorkerPool workers) {
        FastImageProperties.Limits limits = properties.limits();
        return new ProcessingPipeline(new DecodeLimits(limits.maxBytes().toBytes(), limits.maxPixels()), workers,
                limits.requestTimeout());
    }
}
