package io.fastimage.model;

import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * One kind of network a model directory may hold, named by {@code architecture.type} in model.json. A kind
 * reads and writes its own section of the file (validating every field, errors through
 * {@link JsonFields.Invalid}), and its {@link NetworkSpec} builds the block and says how it tiles, what it
 * costs and how its card describes it. Kinds are found by {@link NetworkKinds}; adding one is its own
 * package plus one line in {@code META-INF/services/io.fastimage.model.NetworkKind}.
 */
public interface NetworkKind {

    /** The {@code architecture.type} this kind reads. */
    String type();

    /**
     * Top-level fields of model.json that belong to this kind besides {@code architecture} (fields that
     * format version 1 placed at the top level); usually none.
     */
    Set<String> rootFields();

    /**
     * Reads this kind's section.
     *
     * @param architecture the {@code architecture} object (its {@code type} already checked)
     * @param root         the whole document, for this kind's {@link #rootFields()}
     * @throws JsonFields.Invalid naming the first bad field
     */
    NetworkSpec read(JsonFields architecture, JsonFields root);

    /**
     * Writes {@code spec} (one of this kind's) into {@code architecture}, which already holds {@code type},
     * and this kind's {@link #rootFields()} into {@code root}.
     */
    void write(NetworkSpec spec, ObjectNode architecture, ObjectNode root);
}
