package io.fastimage.web;

import io.fastimage.operator.OperatorRegistry;
import io.fastimage.operator.OperatorRegistry.OperatorEntry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Part of the readiness group, for its details: which operators have a working model, or that the models
 * are still loading. Readiness itself follows the application's readiness state, which turns
 * ACCEPTING_TRAFFIC once the models have loaded; a broken model directory does not make the service
 * unready: that operator's model mode is unavailable.
 */
@Component("models")
class ModelsHealthIndicator implements HealthIndicator {

    private final OperatorRegistry registry;

    ModelsHealthIndicator(OperatorRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Health health() {
        if (!registry.modelsReady()) {
            return Health.up().withDetail("models", "loading").build();
        }
        Map<String, String> models = new LinkedHashMap<>();
        for (OperatorEntry entry : registry.all()) {
            models.put(entry.info().id(), entry.model().isPresent() ? "ready" : entry.modelUnavailableReason());
        }
        return Health.up().withDetail("models", models).build();
    }
}
