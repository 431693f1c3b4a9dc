package io.fastimage.model.can;

import io.fastimage.model.InputPlanes;
import io.fastimage.model.JsonFields;
import io.fastimage.model.NetworkKind;
import io.fastimage.model.NetworkSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The context aggregation network's section of model.json: {@code architecture} holds width, dilations,
 * input channels and batch-norm epsilon; {@code normalizationStatistics} lies at the top level, where format
 * version 1 put it before there was more than one kind.
 */
public final class CanKind implements NetworkKind {

    public static final String TYPE = "context-aggregation-network";
    private static final String STATISTICS = "normalizationStatistics";
    /** Optional, px; absent means 0 (see {@link CanArchitecture}). */
    public static final String SYMMETRIC_PADDING = "symmetricPadding";
    private static final int MAX_WIDTH = 512;
    private static final int MAX_DILATION = 4096;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> rootFields() {
        return Set.of(STATISTICS);
    }

    @Override
    public CanSpec read(JsonFields fields, JsonFields root) {
        fields.onlyAllow("type", "width", "dilations", "inputChannels", "batchNormEpsilon", InputPlanes.FIELD,
                SYMMETRIC_PADDING);
        return new CanSpec(readArchitecture(fields),
                root.choice(STATISTICS, NormalizationStatistics.values(), NormalizationStatistics::jsonName));
    }

    /**
     * Reads a CAN's shape ({@code width}, {@code dilations}, {@code inputs}, {@code inputChannels},
     * {@code batchNormEpsilon}, optional {@code symmetricPadding}) from {@code fields}; other kinds that hold a CAN
     * (the guided filter's low-resolution network) share it.
     *
     * @throws JsonFields.Invalid naming the first bad field
     */
    public static CanArchitecture readArchitecture(JsonFields fields) {
        int width = fields.integer("width", 1, MAX_WIDTH);
        List<Integer> dilations = new ArrayList<>();
        List<JsonFields> items = fields.array("dilations");
        if (items.isEmpty()) {
            throw new JsonFields.Invalid(fields.path("dilations") + " must not be empty");
        }
        for (JsonFields item : items) {
            dilations.add(item.self(1, MAX_DILATION));
        }
        InputPlanes inputs = InputPlanes.read(fields);
        int inputChannels = fields.integer("inputChannels", inputs.channels(), inputs.channels());
        double epsilon = fields.number("batchNormEpsilon");
        if (!(epsilon > 0) || epsilon >= 1) {
            throw new JsonFields.Invalid(fields.path("batchNormEpsilon") + " must be in (0, 1), got " + epsilon);
        }
        int padding = fields.has(SYMMETRIC_PADDING)
                ? fields.integer(SYMMETRIC_PADDING, 0, CanArchitecture.MAX_SYMMETRIC_PADDING) : 0;
        return new CanArchitecture(width, dilations, inputChannels, epsilon, inputs, padding);
    }

    @Override
    public void write(NetworkSpec spec, ObjectNode architecture, ObjectNode root) {
        CanSpec can = (CanSpec) spec;
        writeArchitecture(can.architecture(), architecture);
        root.put(STATISTICS, can.statistics().jsonName());
    }

    /** Writes the fields {@link #readArchitecture} reads ({@code symmetricPadding} only when not 0). */
    public static void writeArchitecture(CanArchitecture shape, ObjectNode architecture) {
        architecture.put("width", shape.width());
        ArrayNode dilations = architecture.putArray("dilations");
        shape.dilations().forEach(dilations::add);
        architecture.put("inputChannels", shape.inputChannels());
        architecture.put("batchNormEpsilon", shape.batchNormEpsilon());
        shape.inputs().write(architecture);
        if (shape.symmetricPadding() > 0) {
            architecture.put(SYMMETRIC_PADDING, shape.symmetricPadding());
        }
    }
}
