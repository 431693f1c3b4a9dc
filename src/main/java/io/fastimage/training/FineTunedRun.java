package io.fastimage.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A fine-tuning run made outside this JVM by {@code scripts/gpu/finetune.py} (PyTorch on a lent GPU), as its
 * output directory holds it: {@code weights.safetensors}, the weights' moving average at the run's best
 * validation, and {@code run.json}, what the run did. {@link CanTrainer#adopt} measures the weights here and
 * takes them into the model when they beat it.
 *
 * @param operatorId   the operator whose targets the run trained on
 * @param steps        the run's steps up to the saved weights (its best validation)
 * @param seconds      the run's wall time up to then
 * @param trainingPsnr the training PSNR (dB) of the steps before the saved weights' validation
 * @param command      the command line that made the run
 * @param source       who computed it: the script, PyTorch's version and the device
 * @param weights      the safetensors bytes
 */
public record FineTunedRun(String operatorId, long steps, double seconds, double trainingPsnr, String command,
                           String source, byte[] weights) {

    public static final String RUN_FILE = "run.json";
    public static final String WEIGHTS_FILE = "weights.safetensors";
    /** How a run's command line starts, in a history's runs. */
    private static final String COMMAND = "python3 scripts/gpu/finetune.py ";

    /** Whether a history's run with this command line was a fine-tuning run on a GPU. */
    static boolean ranOnGpu(String command) {
        return command.startsWith(COMMAND);
    }

    /**
     * Reads a run's output directory.
     *
     * @throws IOException when a file is missing or unreadable, or the run saved nothing better than its start
     */
    public static FineTunedRun read(Path directory) throws IOException {
        Path runFile = directory.resolve(RUN_FILE);
        Path weightsFile = directory.resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(runFile) || !Files.isRegularFile(weightsFile)) {
            throw new IOException(directory + " is not a fine-tuning run's output: it needs " + RUN_FILE + " and "
                    + WEIGHTS_FILE + " (scripts/gpu/finetune.py --out)");
        }
        try {
            JsonNode run = JsonMapper.builder().build().readTree(Files.readString(runFile));
            long bestStep = run.get("bestStep").asLong();
            if (bestStep < 1) {
                throw new IOException(directory + ": the run saved no weights better than its start (best step 0)");
            }
            JsonNode best = null;
            for (JsonNode point : run.get("curve")) {
                if (point.get("step").asLong() == bestStep) {
                    best = point;
                }
            }
            if (best == null) {
                throw new IOException(runFile + " has no curve point at its best step " + bestStep);
            }
            List<String> arguments = new ArrayList<>();
            run.get("arguments").forEach(argument -> arguments.add(argument.asString()));
            return new FineTunedRun(run.get("operator").asString(), bestStep, best.get("seconds").asDouble(),
                    best.get("trainingPsnr").asDouble(),
                    COMMAND + String.join(" ", arguments),
                    "scripts/gpu/finetune.py (PyTorch " + run.get("torch").asString() + ", " + run.get("device").asString() + ")",
                    Files.readAllBytes(weightsFile));
        } catch (JacksonException | NullPointerException e) {
            throw new IOException(runFile + " is not a fine-tuning run record: " + e.getMessage(), e);
        }
    }
}
