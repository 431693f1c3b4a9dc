package io.fastimage.model;

import io.fastimage.model.ModelDescriptor.AccuracyMeasurement;
import io.fastimage.model.ModelDescriptor.Origin;
import io.fastimage.model.ModelDescriptor.Provenance;
import io.fastimage.model.ModelDescriptor.WeightsFile;
import io.fastimage.operator.OperatorInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Strict reading and writing of {@code model.json}. Every field is checked and unknown fields are
 * rejected (a misspelt field must not silently fall back to a default); errors name the field.
 */
public final class ModelDescriptorJson {

    static final String ARCHITECTURE_TYPE = "context-aggregation-network";
    private static final int MAX_WIDTH = 512;
    private static final int MAX_DILATION = 4096;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern PLAIN_FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ModelDescriptorJson() {
    }

    public static ModelDescriptor read(Path file) throws InvalidModelException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidModelException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(text);
    }

    public static ModelDescriptor parse(String json) throws InvalidModelException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new InvalidModelException("model.json is not valid JSON: " + e.getOriginalMessage(), e);
        }
        try {
            return descriptor(new Fields(root, ""));
        } catch (FieldException e) {
            throw new InvalidModelException("model.json: " + e.getMessage());
        }
    }

    public static String format(ModelDescriptor descriptor) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("formatVersion", descriptor.formatVersion());
        root.put("operatorId", descriptor.operatorId());
        ObjectNode architecture = root.putObject("architecture");
        CanArchitecture arch = descriptor.architecture();
        architecture.put("type", ARCHITECTURE_TYPE);
        architecture.put("width", arch.width());
        ArrayNode dilations = architecture.putArray("dilations");
        arch.dilations().forEach(dilations::add);
        architecture.put("inputChannels", arch.inputChannels());
        architecture.put("batchNormEpsilon", arch.batchNormEpsilon());
        root.put("normalizationStatistics", descriptor.normalizationStatistics().jsonName());
        root.put("channelOrder", descriptor.channelOrder().jsonName());
        root.put("outputQuantization", descriptor.outputQuantization().jsonName());
        ObjectNode weights = root.putObject("weights");
        weights.put("file", descriptor.weights().file());
        weights.put("format", descriptor.weights().format());
        weights.put("sha256", descriptor.weights().sha256());
        ObjectNode provenance = root.putObject("provenance");
        Provenance p = descriptor.provenance();
        provenance.put("source", p.source());
        provenance.put("data", p.data());
        if (p.iterations() == null) {
            provenance.putNull("iterations");
        } else {
            provenance.put("iterations", p.iterations());
        }
        provenance.put("date", p.date());
        provenance.put("command", p.command());
        if (p.origin() != null) {
            ObjectNode origin = provenance.putObject("origin");
            origin.put("source", p.origin().source());
            origin.put("commit", p.origin().commit());
            origin.put("licence", p.origin().licence());
            origin.put("attribution", p.origin().attribution());
        }
        ArrayNode accuracy = root.putArray("accuracy");
        for (AccuracyMeasurement m : descriptor.accuracy()) {
            ObjectNode entry = accuracy.addObject();
            entry.put("metric", m.metric());
            entry.put("value", m.value());
            entry.put("images", m.images());
        }
        return MAPPER.writeValueAsString(root) + "\n";
    }

    public static void write(ModelDescriptor descriptor, Path file) throws IOException {
        Files.writeString(file, format(descriptor), StandardCharsets.UTF_8);
    }

    private static ModelDescriptor descriptor(Fields root) {
        root.onlyAllow("formatVersion", "operatorId", "architecture", "normalizationStatistics", "channelOrder",
                "outputQuantization", "weights", "provenance", "accuracy");
        int version = root.integer("formatVersion", 1, Integer.MAX_VALUE);
        if (version != ModelDescriptor.FORMAT_VERSION) {
            throw new FieldException("formatVersion " + version + " is not supported (this build reads "
                    + ModelDescriptor.FORMAT_VERSION + ")");
        }
        String operatorId = root.string("operatorId");
        if (!OperatorInfo.isWellFormedId(operatorId)) {
            throw new FieldException("operatorId '" + operatorId + "' must be lower-case words joined by '-'");
        }
        return new ModelDescriptor(version, operatorId, architecture(root.object("architecture")),
                root.choice("normalizationStatistics", NormalizationStatistics.values(), NormalizationStatistics::jsonName),
                root.choice("channelOrder", ChannelOrder.values(), ChannelOrder::jsonName),
                root.choice("outputQuantization", OutputQuantization.values(), OutputQuantization::jsonName),
                weights(root.object("weights")), provenance(root.object("provenance")), accuracy(root));
    }

    private static CanArchitecture architecture(Fields fields) {
        fields.onlyAllow("type", "width", "dilations", "inputChannels", "batchNormEpsilon");
        String type = fields.string("type");
        if (!type.equals(ARCHITECTURE_TYPE)) {
            throw new FieldException(fields.path("type") + " must be '" + ARCHITECTURE_TYPE + "', got '" + type + "'");
        }
        int width = fields.integer("width", 1, MAX_WIDTH);
        List<Integer> dilations = new ArrayList<>();
        List<Fields> items = fields.array("dilations");
        if (items.isEmpty()) {
            throw new FieldException(fields.path("dilations") + " must not be empty");
        }
        for (Fields item : items) {
            dilations.add(item.self(1, MAX_DILATION));
        }
        int inputChannels = fields.integer("inputChannels", 3, 3);
        double epsilon = fields.number("batchNormEpsilon");
        if (!(epsilon > 0) || epsilon >= 1) {
            throw new FieldException(fields.path("batchNormEpsilon") + " must be in (0, 1), got " + epsilon);
        }
        return new CanArchitecture(width, dilations, inputChannels, epsilon);
    }

    private static WeightsFile weights(Fields fields) {
        fields.onlyAllow("file", "format", "sha256");
        String file = fields.string("file");
        if (!PLAIN_FILE_NAME.matcher(file).matches()) {
            throw new FieldException(fields.path("file") + " must be a plain file name inside the model directory, got '"
                    + file + "'");
        }
        String format = fields.string("format");
        if (!format.equals(WeightsFile.SAFETENSORS)) {
            throw new FieldException(fields.path("format") + " must be '" + WeightsFile.SAFETENSORS + "', got '"
                    + format + "'");
        }
        String sha256 = fields.string("sha256");
        if (!SHA256.matcher(sha256).matches()) {
            throw new FieldException(fields.path("sha256") + " must be 64 lower-case hex digits");
        }
        return new WeightsFile(file, format, sha256);
    }

    private static Provenance provenance(Fields fields) {
        fields.onlyAllow("source", "data", "iterations", "date", "command", "origin");
        Long iterations = fields.isNull("iterations") ? null : (long) fields.integer("iterations", 0, Integer.MAX_VALUE);
        Origin origin = null;
        if (fields.has("origin")) {
            Fields o = fields.object("origin");
            o.onlyAllow("source", "commit", "licence", "attribution");
            origin = new Origin(o.string("source"), o.string("commit"), o.string("licence"), o.string("attribution"));
        }
        return new Provenance(fields.string("source"), fields.string("data"), iterations, fields.string("date"),
                fields.string("command"), origin);
    }

    private static List<AccuracyMeasurement> accuracy(Fields root) {
        List<AccuracyMeasurement> measurements = new ArrayList<>();
        for (Fields entry : root.array("accuracy")) {
            entry.onlyAllow("metric", "value", "images");
            measurements.add(new AccuracyMeasurement(entry.string("metric"), entry.number("value"),
                    entry.string("images")));
        }
        return measurements;
    }

    private static final class FieldException extends RuntimeException {
        FieldException(String message) {
            super(message);
        }
    }

    /** A JSON object (or array element) with the dotted path that leads to it, for error messages. */
    private record Fields(JsonNode node, String prefix) {

        String path(String name) {
            return "field '" + prefix + name + "'";
        }

        private String selfPath() {
            return "field '" + prefix.substring(0, Math.max(0, prefix.length() - 1)) + "'";
        }

        private JsonNode required(String name) {
            if (!node.isObject()) {
                throw new FieldException(selfPath() + " must be an object");
            }
            JsonNode value = node.get(name);
            if (value == null) {
                throw new FieldException("missing " + path(name));
            }
            return value;
        }

        void onlyAllow(String... names) {
            if (!node.isObject()) {
                throw new FieldException(prefix.isEmpty() ? "the document must be a JSON object"
                        : selfPath() + " must be an object");
            }
            Set<String> unknown = new TreeSet<>(node.propertyNames());
            unknown.removeAll(Arrays.asList(names));
            if (!unknown.isEmpty()) {
                throw new FieldException("unknown " + path(unknown.iterator().next()) + " (allowed: "
                        + String.join(", ", names) + ")");
            }
        }

        boolean has(String name) {
            return node.has(name);
        }

        boolean isNull(String name) {
            return required(name).isNull();
        }

        String string(String name) {
            JsonNode value = required(name);
            if (!value.isString()) {
                throw new FieldException(path(name) + " must be a string");
            }
            return value.stringValue();
        }

        int integer(String name, int min, int max) {
            return checkedInteger(required(name), path(name), min, max);
        }

        int self(int min, int max) {
            return checkedInteger(node, selfPath(), min, max);
        }

        private static int checkedInteger(JsonNode value, String where, int min, int max) {
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw new FieldException(where + " must be an integer");
            }
            int v = value.intValue();
            if (v < min || v > max) {
                throw new FieldException(where + " must be " + (min == max ? String.valueOf(min)
                        : "between " + min + " and " + max) + ", got " + v);
            }
            return v;
        }

        double number(String name) {
            JsonNode value = required(name);
            if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
                throw new FieldException(path(name) + " must be a finite number");
            }
            return value.doubleValue();
        }

        Fields object(String name) {
            JsonNode value = required(name);
            if (!value.isObject()) {
                throw new FieldException(path(name) + " must be an object");
            }
            return new Fields(value, prefix + name + ".");
        }

        List<Fields> array(String name) {
            JsonNode value = required(name);
            if (!value.isArray()) {
                throw new FieldException(path(name) + " must be an array");
            }
            List<Fields> items = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                items.add(new Fields(value.get(i), prefix + name + "[" + i + "]."));
            }
            return items;
        }

        <E extends Enum<E>> E choice(String name, E[] values, java.util.function.Function<E, String> jsonName) {
            String text = string(name);
            for (E value : values) {
                if (jsonName.apply(value).equals(text)) {
                    return value;
                }
            }
            List<String> allowed = Arrays.stream(values).map(jsonName).toList();
            throw new FieldException(path(name) + " must be one of " + allowed + ", got '" + text + "'");
        }
    }
}
