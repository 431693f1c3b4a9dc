package io.fastimage.operator;

import io.fastimage.operator.neural.ModelRepository;
import io.fastimage.operator.neural.NeuralModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Operator id to its two implementations: the exact reference (always present) and the trained
 * network (present once the model repository has loaded and holds a working model for that id).
 * The reference operators define which ids exist; a model directory for any other id is refused.
 */
public final class OperatorRegistry {

    private final Map<String, ReferenceOperator> references = new LinkedHashMap<>();
    private volatile ModelRepository models;

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
    public void modelsLoaded(ModelRepository repository) {
        this.models = repository;
    }

    public boolean modelsReady() {
        return models != null;
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
        ModelRepository repository = models;
        if (repository == null) {
            return new OperatorEntry(reference, Optional.empty(), "models are still loading");
        }
        Optional<NeuralModel> model = repository.model(id);
        String reason = model.isPresent() ? null : repository.unavailableReason(id)
                .orElse("no trained model in models/" + id + "; mode=reference works");
        return new OperatorEntry(reference, model, reason);
    }

    /**
     * One operator as the service sees it now.
     *
     * @param modelUnavailableReason why {@code model} is empty, or {@code null} when it is present
     */
    public record OperatorEntry(ReferenceOperator reference, Optional<NeuralModel> model, String modelUnavailableReason) {

        public OperatorInfo info() {
            return reference.info();
        }
    }
}
