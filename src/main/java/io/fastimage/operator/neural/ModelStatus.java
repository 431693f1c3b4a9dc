package io.fastimage.operator.neural;

import java.util.Objects;
import java.util.Optional;

/** Whether the model directory of one operator loaded; when it did not, why. */
public record ModelStatus(String operatorId, boolean available, String reason) {

    public ModelStatus {
        Objects.requireNonNull(operatorId, "operatorId");
        if (available != (reason == null)) {
            throw new IllegalArgumentException("a reason is given exactly when the model is unavailable");
        }
    }

    public static ModelStatus loaded(String operatorId) {
        return new ModelStatus(operatorId, true, null);
    }

    public static ModelStatus unavailable(String operatorId, String reason) {
        return new ModelStatus(operatorId, false, reason);
    }

    public Optional<String> unavailableReason() {
        return Optional.ofNullable(reason);
    }
}
