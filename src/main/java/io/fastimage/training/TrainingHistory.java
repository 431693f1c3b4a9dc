package io.fastimage.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a model's training has done so far, kept as {@code training.json} in its model directory so a later
 * session resumes the count of steps, the wall time and the curve: the validation points, each run
 * (command, steps, seconds) and which validation set the points were measured on (a later run on another set,
 * e.g. other parameter values, cannot compare its validations with theirs).
 */
public final class TrainingHistory {

    public static final String FILE_NAME = "training.json";
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** Mean training-batch PSNR since the previous point, and the validation PSNR, at {@code step}. */
    public record Point(long step, double trainingPsnr, double validationPsnr) {
    }

    public record Run(String date, String command, long fromStep, long toStep, double seconds) {
    }

    private final List<Point> points = new ArrayList<>();
    private final List<Run> runs = new ArrayList<>();
    /**
     * Null for a history written before validation sets were recorded (its points count as on the current set unless
     * that set weighs the border: {@link #validatedOn}).
     */
    private String validationSet;
    /** The points after this step were measured on {@link #validationSet}. */
    private long validationSetFromStep;

    public static TrainingHistory read(Path modelDirectory) throws IOException {
        TrainingHistory history = new TrainingHistory();
        Path file = modelDirectory.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return history;
        }
        try {
            JsonNode root = MAPPER.readTree(Files.readString(file));
            for (JsonNode p : root.get("points")) {
                history.points.add(new Point(p.get("step").asLong(), p.get("trainingPsnr").asDouble(),
                        p.get("validationPsnr").asDouble()));
            }
            for (JsonNode r : root.get("runs")) {
                history.runs.add(new Run(r.get("date").asString(), r.get("command").asString(),
                        r.get("fromStep").asLong(), r.get("toStep").asLong(), r.get("seconds").asDouble()));
            }
            JsonNode validationSet = root.get("validationSet");
            if (validationSet != null) {
                history.validationSet = validationSet.get("description").asString();
                history.validationSetFromStep = validationSet.get("fromStep").asLong();
            }
        } catch (JacksonException | NullPointerException e) {
            throw new IOException(file + " is not a training history: " + e.getMessage(), e);
        }
        return history;
    }

    public List<Point> points() {
        return List.copyOf(points);
    }

    public List<Run> runs() {
        return List.copyOf(runs);
    }

    public long steps() {
        return runs.isEmpty() ? 0 : runs.get(runs.size() - 1).toStep();
    }

    public double seconds() {
        return runs.stream().mapToDouble(Run::seconds).sum();
    }

    /** What the latest points were measured on ({@link NetworkTraining}'s description), or null when not recorded. */
    public String validationSet() {
        return validationSet;
    }

    /**
     * Records that the next points are measured on {@code description}; when it differs from the recorded set,
     * earlier points no longer count for {@link #bestValidation}. A history written before sets were recorded counts
     * its points as measured on {@code description} only when {@code unrecordedComparable} (a border-weighted
     * validation is not: border weights came after sets were recorded, so those points were measured unweighted).
     */
    void validatedOn(String description, boolean unrecordedComparable) {
        if (validationSet == null ? !unrecordedComparable : !validationSet.equals(description)) {
            validationSetFromStep = steps();
        }
        validationSet = description;
    }

    /** The best validation PSNR (dB) measured on the current validation set, or negative infinity. */
    double bestValidation() {
        return points.stream().filter(point -> point.step() > validationSetFromStep)
                .mapToDouble(Point::validationPsnr).max().orElse(Double.NEGATIVE_INFINITY);
    }

    void addPoint(Point point) {
        points.add(point);
    }

    /** Records the current run, replacing its previous record (a run is saved several times as it goes). */
    void recordRun(Run run) {
        if (!runs.isEmpty() && runs.get(runs.size() - 1).date().equals(run.date())) {
            runs.remove(runs.size() - 1);
        }
        runs.add(run);
    }

    public byte[] toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("steps", steps());
        root.put("seconds", Math.round(seconds()));
        if (validationSet != null) {
            root.putObject("validationSet").put("description", validationSet).put("fromStep", validationSetFromStep);
        }
        ArrayNode runArray = root.putArray("runs");
        for (Run run : runs) {
            runArray.addObject().put("date", run.date()).put("command", run.command()).put("fromStep", run.fromStep())
                    .put("toStep", run.toStep()).put("seconds", Math.round(run.seconds() * 10) / 10.0);
        }
        ArrayNode pointArray = root.putArray("points");
        for (Point point : points) {
            pointArray.addObject().put("step", point.step())
                    .put("trainingPsnr", Math.round(point.trainingPsnr() * 1000) / 1000.0)
                    .put("validationPsnr", Math.round(point.validationPsnr() * 1000) / 1000.0);
        }
        return (MAPPER.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
