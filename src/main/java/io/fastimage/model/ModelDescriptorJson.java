package io.fastimage.model;

import io.fastimage.model.ModelDescriptor.AccuracyMeasurement;
import io.fastimage.model.ModelDescriptor.Origin;
import io.fastimage.model.ModelDescriptor.Provenance;
import io.fastimage.model.ModelDescriptor.WeightsFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
            return descriptor(new JsonFields(root, ""));
        } catch (JsonFields.Invalid e) {
            throw new InvalidModelException("model.json: " + e.getMessage());
        }
    }

    /** The text of model.json for {@code descriptor}: indented, fields in a fixed order, ending in a newline. */
    public static String format(ModelDescriptor descriptor) {
        return MAPPER.writeValueAsString(tree(descriptor)) + "\n";
    }

    /** {@code descriptor} as the JSON document model.json holds (the form the API shows as a model card). */
    public static ObjectNode tree(ModelDescriptor descriptor) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("formatVersion", descriptor.formatVersion());
        root.put("operatorId", descriptor.operatorId());
        ObjectNode architecture = root.putObject("architecture");
        NetworkSpec network = descriptor.network();
        architecture.put("type", network.type());
        NetworkKinds.of(network.type()).write(network, architecture, root);
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
        return root;
    }

    public static void write(ModelDescriptor descriptor, Path file) throws IOException {
        Files.writeString(file, format(descriptor), StandardCharsets.UTF_8);
    }

    private static ModelDescriptor descriptor(JsonFields root) {
        JsonFields architecture = root.object("architecture");
        NetworkKind kind;
        try {
            kind = NetworkKinds.of(architecture.string("type"));
        } catch (IllegalArgumentException e) {
            throw new JsonFields.Invalid(architecture.path("type") + " " + e.getMessage());
        }
        List<String> allowed = new ArrayList<>(List.of("formatVersion", "operatorId", "architecture", "channelOrder",
                "outputQuantization", "weights", "provenance", "accuracy"));
        allowed.addAll(kind.rootFields());
        root.onlyAllow(allowed.toArray(String[]::new));
        int version = root.integer("formatVersion", 1, Integer.MAX_VALUE);
        if (version != ModelDescriptor.FORMAT_VERSION) {
            throw new JsonFields.Invalid("formatVersion " + version + " is not supported (this build reads "
                    + ModelDescriptor.FORMAT_VERSION + ")");
        }
        String operatorId = root.string("operatorId");
        if (!ModelDescriptor.isWellFormedOperatorId(operatorId)) {
            throw new JsonFields.Invalid("operatorId '" + operatorId + "' must be lower-case words joined by '-'");
        }
        return new ModelDescriptor(version, operatorId, kind.read(architecture, root),
                root.choice("channelOrder", ChannelOrder.values(), ChannelOrder::jsonName),
                root.choice("outputQuantization", OutputQuantization.values(), OutputQuantization::jsonName),
                weights(root.object("weights")), provenance(root.object("provenance")), accuracy(root));
    }

    private static WeightsFile weights(JsonFields fields) {
        fields.onlyAllow("file", "format", "sha256");
        String file = fields.string("file");
        if (!PLAIN_FILE_NAME.matcher(file).matches()) {
            throw new JsonFields.Invalid(fields.path("file") + " must be a plain file name inside the model directory, got '"
                    + file + "'");
        }
        String format = fields.string("format");
        if (!format.equals(WeightsFile.SAFETENSORS)) {
            throw new JsonFields.Invalid(fields.path("format") + " must be '" + WeightsFile.SAFETENSORS + "', got '"
                    + format + "'");
        }
        String sha256 = fields.string("sha256");
        if (!SHA256.matcher(sha256).matches()) {
            throw new JsonFields.Invalid(fields.path("sha256") + " must be 64 lower-case hex digits");
        }
        return new WeightsFile(file, format, sha256);
    }

    private static Provenance provenance(JsonFields fields) {
        fields.onlyAllow("source", "data", "iterations", "date", "command", "origin");
        Long iterations = fields.isNull("iterations") ? null : (long) fields.integer("iterations", 0, Integer.MAX_VALUE);
        Origin origin = null;
        if (fields.has("origin")) {
            JsonFields o = fields.object("origin");
            o.onlyAllow("source", "commit", "licence", "attribution");
            origin = new Origin(o.string("source"), o.string("commit"), o.string("licence"), o.string("attribution"));
        }
        return new Provenance(fields.string("source"), fields.string("data"), iterations, fields.string("date"),
                fields.string("command"), origin);
    }

    private static List<AccuracyMeasurement> accuracy(JsonFields root) {
        List<AccuracyMeasurement> measurements = new ArrayList<>();
        for (JsonFields entry : root.array("accuracy")) {
            entry.onlyAllow("metric", "value", "images");
            measurements.add(new AccuracyMeasurement(entry.string("metric"), entry.number("value"),
                    entry.string("images")));
        }
        return measurements;
    }
}
