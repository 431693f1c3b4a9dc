package io.fastimage.operator;

import io.fastimage.model.ModelDescriptor;
import java.util.List;

/** What users see of an operator: a stable id (also its directory under {@code models/}), a title, a description, its parameters. */
public record OperatorInfo(String id, String title, String description, List<ParameterSpec> parameters) {

    public OperatorInfo {
        if (!isWellFormedId(id)) {
            throw new IllegalArgumentException("operator id must be lower-case words joined by '-': " + id);
        }
        parameters = List.copyOf(parameters);
    }

    /** Whether {@code id} is lower-case words joined by '-' (the model repository's rule for directory names). */
    public static boolean isWellFormedId(String id) {
        return ModelDescriptor.isWellFormedOperatorId(id);
    }
}
