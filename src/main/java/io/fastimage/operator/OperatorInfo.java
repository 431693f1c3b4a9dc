package io.fastimage.operator;

import java.util.List;
import java.util.regex.Pattern;

/** What users see of an operator: a stable id (also its directory under {@code models/}), a title, a description, its parameters. */
public record OperatorInfo(String id, String title, String description, List<ParameterSpec> parameters) {

    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    public OperatorInfo {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("operator id must be lower-case words joined by '-': " + id);
        }
        parameters = List.copyOf(parameters);
    }

    public static boolean isWellFormedId(String id) {
        return id != null && id.length() <= 64 && ID.matcher(id).matches();
    }
}
