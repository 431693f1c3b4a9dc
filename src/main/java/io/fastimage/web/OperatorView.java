package io.fastimage.web;

import io.fastimage.model.ModelDescriptor;
import io.fastimage.operator.OperatorRegistry.OperatorEntry;
import io.fastimage.operator.ParameterSpec;
import io.fastimage.operator.neural.NeuralModel;
import java.util.List;

/** What {@code GET /api/v1/operators} says of one operator. */
record OperatorView(String id, String title, String description, ModelMode model, ReferenceMode reference) {

    /** The trained network: available or why not, and its model card. */
    record ModelMode(boolean available, String reason, String version, ModelDescriptor card) {
    }

    /** The exact operator: always available; its parameters can be set by name. */
    record ReferenceMode(boolean available, List<ParameterView> parameters) {
    }

    record ParameterView(String name, String description, double defaultValue, double min, double max, boolean integer) {
        static ParameterView of(ParameterSpec spec) {
            return new ParameterView(spec.name(), spec.description(), spec.defaultValue(), spec.min(), spec.max(),
                    spec.integer());
        }
    }

    static OperatorView of(OperatorEntry entry) {
        ModelMode model = entry.model()
                .map(m -> new ModelMode(true, null, modelVersion(m), m.descriptor()))
                .orElseGet(() -> new ModelMode(false, entry.modelUnavailableReason(), null, null));
        List<ParameterView> parameters = entry.info().parameters().stream().map(ParameterView::of).toList();
        return new OperatorView(entry.info().id(), entry.info().title(), entry.info().description(), model,
                new ReferenceMode(true, parameters));
    }

    /** A model's version is its content: the first 12 hex digits of the weights' SHA-256. */
    static String modelVersion(NeuralModel model) {
        return "sha256:" + model.descriptor().weights().sha256().substring(0, 12);
    }
}
