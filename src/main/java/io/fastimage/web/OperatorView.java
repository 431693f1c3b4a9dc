package io.fastimage.web;

import io.fastimage.model.InputPlane;
import io.fastimage.model.ModelDescriptorJson;
import io.fastimage.operator.Network;
import io.fastimage.operator.NetworkVariants;
import io.fastimage.operator.OperatorRegistry.OperatorEntry;
import io.fastimage.operator.ParameterSpec;
import io.fastimage.operator.SelfEnsemble;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** What {@code GET /api/v1/operators} says of one operator. */
record OperatorView(String id, String title, String description, ModelMode model, ReferenceMode reference) {

    /**
     * The trained networks: the default variant (available or why not, its version and model card, i.e. its
     * model.json) and every variant the same way; {@code apply} and {@code compare} take {@code variant=NAME}.
     */
    record ModelMode(boolean available, String reason, String version, JsonNode card, String variant,
                     List<FastParameterView> parameters, List<VariantView> variants) {
    }

    /**
     * One named network of the operator; {@code parameters}: the operator parameters it takes in fast mode (its
     * parameter planes), each only within the range it was trained for; empty when it has them built in;
     * {@code ensembles}: the {@code ensemble} sizes it runs as ({@code [1]} for a network with a position-dependent
     * plane; empty when unavailable).
     */
    record VariantView(String name, boolean isDefault, boolean available, String reason, String version, JsonNode card,
                       List<FastParameterView> parameters, List<Integer> ensembles) {
    }

    /** A parameter a network takes in fast mode: its default and the trained range [min, max] it accepts. */
    record FastParameterView(String name, double defaultValue, double min, double max, String scale) {
        static FastParameterView of(InputPlane.Parameter plane) {
            return new FastParameterView(plane.name(), plane.defaultValue(), plane.min(), plane.max(),
                    plane.scale().jsonName());
        }
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
        NetworkVariants networks = entry.networks();
        List<VariantView> variants = networks.variants().values().stream()
                .map(v -> variant(v, v.name().equals(networks.defaultVariant()))).toList();
        VariantView defaults = variant(networks.defaults(), true);
        ModelMode model = new ModelMode(defaults.available(), defaults.reason(), defaults.version(), defaults.card(),
                networks.defaultVariant(), defaults.parameters(), variants);
        List<ParameterView> parameters = entry.info().parameters().stream().map(ParameterView::of).toList();
        return new OperatorView(entry.info().id(), entry.info().title(), entry.info().description(), model,
                new ReferenceMode(true, parameters));
    }

    private static VariantView variant(NetworkVariants.Variant variant, boolean isDefault) {
        Network network = variant.network();
        return network == null
                ? new VariantView(variant.name(), isDefault, false, variant.unavailableReason(), null, null, List.of(),
                        List.of())
                : new VariantView(variant.name(), isDefault, true, null, network.implementation().version(),
                        ModelDescriptorJson.tree(network.descriptor()),
                        network.parameters().stream().map(FastParameterView::of).toList(), SelfEnsemble.sizes(network));
    }
}
