package io.fastimage.operator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Operator id to its implementations: the exact reference (always present) and the trained networks, by
 * variant (present once the model repository has loaded, for the ids it holds working models of). The
 * reference operators define which ids exist; a model directory for any other id is refused.
 */
public final class OperatorRegistry {

    private final Map<String, ReferenceOperator> references = new LinkedHashMap<>();
    private volatile NetworkCatalog networks;

    public OperatorRegistry(List<ReferenceOperator> referenceOperators) {
        for (ReferenceOperator operator : referenceOperators) {
            String id = operator.info().id();
            if (references.putIfAbsent(id, operator) != null) {
                throw new IllegalArgumentException("two operators share the id " + id);
            }
        }
    }

    /** The ids every model directory must come from. */
    public Set<String> ids() {
        return Set.copyOf(references.keySet());
    }

    /** Called once the model repository has loaded and warmed up every model it could. */
    public void modelsLoaded(NetworkCatalog catalog) {
        this.networks = catalog;
    }

    public boolean modelsReady() {
        return networks != null;
    }

    public Optional<OperatorEntry> find(String id) {
        ReferenceOperator reference = references.get(id);
        return reference == null ? Optional.empty() : Optional.of(entry(reference));
    }

    public List<OperatorEntry> all() {
        return references.values().stream().map(this::entry).toList();
    }

    private OperatorEntry entry(ReferenceOperator reference) {
        String id = reference.info().id();
        NetworkCatalog catalog = networks;
        if (catalog == null) {
            return new OperatorEntry(reference, NetworkVariants.unavailable("models are still loading"));
        }
        return new OperatorEntry(reference, catalog.variants(id).orElseGet(() ->
                NetworkVariants.unavailable("no trained model for " + id + " in the model repository; "
                        + "the exact operator works (mode exact)")));
    }

    /** One operator as the service sees it now: its exact implementation and its networks by variant. */
    public record OperatorEntry(ReferenceOperator reference, NetworkVariants networks) {

        public OperatorInfo info() {
            return reference.info();
        }

        /** The default variant's network, when it loaded. */
        public Optional<Network> model() {
            return Optional.ofNullable(networks.defaults().network());
        }

        /** Why the default variant has no network, or {@code null} when it has one. */
        public String modelUnavailableReason() {
            return networks.defaults().unavailableReason();
        }
    }
}
