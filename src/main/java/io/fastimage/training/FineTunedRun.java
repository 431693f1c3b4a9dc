package io.fastimage.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A fine-tuning run made outside this JVM by {@code scripts/gpu/finetune.py} (PyTorch on a lent GPU), as its
 * output directory holds it: {@code weights.safetensors}, the weights' moving average at the run's best
 * validation, and {@code run.json}, what the run did. {@link CanTrainer#adopt} measures the weights here and
 * takes them into the model when they beat it.
 *
 * @param operatorId     the operator whose targets the run trained on
 * @param startSha256    SHA-256 (hex) of the weights file the run started from: the model's, when it adopts them
 * @param date           when the run started, ISO-8601 instant (UTC, seconds)
 * @param steps          the run's steps up to the saved weights (its best validation), at least 1
 * @param seconds        the run's wall time up to then, in seconds
 * @param trainingPsnr   the training PSNR (dB) of the steps before the saved weights' validation
 * @param command        the command line that made the run
 * @param source         who computed it: the script, PyTorch's version and the device
 * @param weights        the safetensors bytes
 */
public record FineTunedRun(String operatorId, String startSha256, String date, long steps, double seconds,
                           double trainingPsnr, String command, String source, byte[] weights) {

    /** The run's record in its output directory. */
    public static final String RUN_FILE = "run.json";
    /** The run's best weights in its output directory. */
    public static final String WEIGHTS_FILE = "weights.safetensors";
    /** How a run's command line starts, in a history's runs. */
    private static final String COMMAND = "python3 scripts/gpu/finetune.py ";

    /** Whether a history's run with this command line was a fine-tuning run on a GPU (CPU runs are not adopted). */
    static boolean ranOnGpu(String command) {
        return command.startsWith(COMMAND);
    }

    /**
     * Reads a run's output directory.
     *
     * @throws IOException when a file is missing or unreadable, a field of {@code run.json} is missing or of the
     *                     wrong type, the run ran on the CPU (finetune.py's CPU mode is for trying the script), or
     *                     it saved nothing better than its start
     */
    public static FineTunedRun read(Path directory) throws IOException {
        Path runFile = directory.resolve(RUN_FILE);
        Path weightsFile = directory.resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(runFile) || !Files.isRegularFile(weightsFile)) {
            throw new IOException(directory + " is not a fine-tuning run's output: it needs " + RUN_FILE + " and "
                    + WEIGHTS_FILE + " (scripts/gpu/finetune.py --out)");
        }
        JsonNode run;
        try {
            run = JsonMapper.builder().build().readTree(Files.readString(runFile));
        } catch (JacksonException e) {
            throw new IOException(runFile + " is not valid JSON: " + e.getOriginalMessage());
        }
        String device = text(run, "device", runFile);
        if (device.equals("cpu")) {
            throw new IOException(runFile + ": the run ran on the CPU; finetune.py's CPU mode is for trying the script "
                    + "(train trains on the CPU)");
        }
        long bestStep = number(run, "bestStep", runFile).asLong();
        if (bestStep < 1) {
            throw new IOException(directory + ": the run saved no weights better than its start (best step 0)");
        }
        JsonNode best = null;
        for (JsonNode point : array(run, "curve", runFile)) {
            if (number(point, "step", runFile).asLong() == bestStep) {
                best = point;
            }
        }
        if (best == null) {
            throw new IOException(runFile + " has no curve point at its best step " + bestStep);
        }
        List<String> arguments = new ArrayList<>();
        for (JsonNode argument : array(run, "arguments", runFile)) {
            if (!argument.isString()) {
                throw new IOException(runFile + ": 'arguments' must hold strings");
            }
            arguments.add(argument.asString());
        }
        return new FineTunedRun(text(run, "operator", runFile), text(run, "startSha256", runFile),
                text(run, "date", runFile), bestStep, number(best, "seconds", runFile).asDouble(),
                number(best, "trainingPsnr", runFile).asDouble(), COMMAND + String.join(" ", arguments),
                "scripts/gpu/finetune.py (PyTorch " + text(run, "torch", runFile) + ", " + device + ")",
                Files.readAllBytes(weightsFile));
    }

    /** A field of {@code node} that {@code type} accepts ({@code kind} names the type in the message). */
    private static JsonNode field(JsonNode node, String name, Path file, Predicate<JsonNode> type, String kind)
            throws IOException {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new IOException(file + " lacks '" + name + "'");
        }
        if (!type.test(value)) {
            throw new IOException(file + ": '" + name + "' must be " + kind);
        }
        return value;
    }

    private static String text(JsonNode node, String name, Path file) throws IOException {
        return field(node, name, file, JsonNode::isString, "a string").asString();
    }

    private static JsonNode number(JsonNode node, String name, Path file) throws IOException {
        return field(node, name, file, JsonNode::isNumber, "a number");
    }

    private static JsonNode array(JsonNode node, String name, Path file) throws IOException {
        return field(node, name, file, JsonNode::isArray, "an array");
    }
}
