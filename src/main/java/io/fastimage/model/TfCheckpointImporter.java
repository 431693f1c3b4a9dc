package io.fastimage.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.fastimage.model.CheckpointTensors.FloatTensor;
import io.fastimage.model.ModelDescriptor.Provenance;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the authors' TensorFlow-slim CAN checkpoints into our model directory. Their layers are
 * {@code g_conv<N>} (3x3, HWIO weights, {@code BatchNorm/beta}, scalars {@code w0} = λ and {@code w1} = μ)
 * in increasing N, then {@code g_conv_last} (1x1 with biases); width and depth come from the shapes,
 * dilations from the paper's schedule. The result keeps the authors' behaviour: per-image
 * normalization statistics, BGR channel order and truncating output quantization.
 */
public final class TfCheckpointImporter {

    public static final String DEFAULT_PREFIX = "model.ckpt";
    private static final Pattern LAYER_WEIGHTS = Pattern.compile("g_conv(\\d+)/weights");
    private static final String LAST = "g_conv_last";

    private TfCheckpointImporter() {
    }

    /** Reads the checkpoint in {@code checkpointDirectory} and writes a model directory at {@code out}. */
    public static ModelDescriptor importCheckpoint(Path checkpointDirectory, String prefix, String operatorId, Path out,
                                                   double batchNormEpsilon, String command) throws IOException {
        TfCheckpointReader reader = TfCheckpointReader.open(checkpointDirectory, prefix);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            ContextAggregationNetwork network = toNetwork(reader, batchNormEpsilon, manager);
            Provenance provenance = new Provenance(
                    "TensorFlow 1 checkpoint " + checkpointDirectory.toAbsolutePath().normalize().resolve(prefix)
                            + " (Chen, Xu, Koltun, ICCV 2017 release)",
                    "the authors' training data (unknown to this importer)", null,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), command);
            return ModelDirectory.write(out, network, new ModelDirectory.Metadata(operatorId, ChannelOrder.BGR,
                    OutputQuantization.TRUNCATE, provenance, List.of()));
        }
    }

    /** Builds the CAN that the slim tensors describe, on {@code manager}. */
    public static ContextAggregationNetwork toNetwork(CheckpointTensors tensors, double batchNormEpsilon,
                                                      NDManager manager) throws IOException {
        TreeMap<Integer, String> layerScopes = new TreeMap<>();
        for (String name : tensors.names()) {
            Matcher m = LAYER_WEIGHTS.matcher(name);
            if (m.matches()) {
                layerScopes.put(Integer.parseInt(m.group(1)), "g_conv" + m.group(1));
            }
        }
        if (layerScopes.size() < 2) {
            throw new CheckpointFormatException("expected at least two 'g_conv<N>/weights' tensors, found "
                    + layerScopes.size() + ": not a CAN checkpoint");
        }
        List<String> scopes = new ArrayList<>(layerScopes.values());
        FloatTensor first = require(tensors, scopes.get(0) + "/weights");
        long[] firstShape = first.shape();
        if (firstShape.length != 4 || firstShape[0] != 3 || firstShape[1] != 3) {
            throw new CheckpointFormatException("tensor '" + scopes.get(0) + "/weights' has shape "
                    + Arrays.toString(firstShape) + ", expected [3, 3, in, width]");
        }
        int inputChannels = (int) firstShape[2];
        int width = (int) firstShape[3];
        if (inputChannels != 3) {
            throw new CheckpointFormatException("tensor '" + scopes.get(0) + "/weights' takes " + inputChannels
                    + " input channels, expected 3");
        }
        CanArchitecture architecture = new CanArchitecture(width, CanArchitecture.standardDilations(scopes.size()),
                inputChannels, batchNormEpsilon);
        ContextAggregationNetwork network = new ContextAggregationNetwork(architecture,
                NormalizationStatistics.PER_IMAGE, ContextAggregationNetwork.Initialization.XAVIER);
        network.initialize(manager);
        int in = inputChannels;
        for (int i = 0; i < scopes.size(); i++) {
            String scope = scopes.get(i);
            String layer = "layer" + (i + 1) + ".";
            FloatTensor weights = require(tensors, scope + "/weights", 3, 3, in, width);
            network.assign(layer + "weight", hwioToOihw(weights));
            network.assign(layer + "beta", require(tensors, scope + "/BatchNorm/beta", width).values());
            network.assign(layer + "lambda", requireScalar(tensors, scope + "/w0"));
            network.assign(layer + "mu", requireScalar(tensors, scope + "/w1"));
            // Moving statistics are unused by per-image models but kept, so the model could switch modes.
            Optional<FloatTensor> mean = optional(tensors, scope + "/BatchNorm/moving_mean", width);
            if (mean.isPresent()) {
                network.assign(layer + "runningMean", mean.get().values());
            }
            Optional<FloatTensor> variance = optional(tensors, scope + "/BatchNorm/moving_variance", width);
            if (variance.isPresent()) {
                network.assign(layer + "runningVar", variance.get().values());
            }
            in = width;
        }
        network.assign("output.weight", hwioToOihw(require(tensors, LAST + "/weights", 1, 1, width,
                CanArchitecture.OUTPUT_CHANNELS)));
        network.assign("output.bias", require(tensors, LAST + "/biases", CanArchitecture.OUTPUT_CHANNELS).values());
        return network;
    }

    private static FloatTensor require(CheckpointTensors tensors, String name, long... expectedShape) throws IOException {
        FloatTensor tensor = tensors.read(name).orElseThrow(
                () -> new CheckpointFormatException("the checkpoint lacks tensor '" + name + "'"));
        if (expectedShape.length > 0 && !Arrays.equals(tensor.shape(), expectedShape)) {
            throw new CheckpointFormatException("tensor '" + name + "' has shape " + Arrays.toString(tensor.shape())
                    + ", expected " + Arrays.toString(expectedShape));
        }
        return tensor;
    }

    private static Optional<FloatTensor> optional(CheckpointTensors tensors, String name, long... expectedShape)
            throws IOException {
        return tensors.names().contains(name) ? Optional.of(require(tensors, name, expectedShape)) : Optional.empty();
    }

    /** λ and μ: slim stores them as scalars; a one-element vector is accepted too. */
    private static float[] requireScalar(CheckpointTensors tensors, String name) throws IOException {
        FloatTensor tensor = require(tensors, name);
        if (tensor.values().length != 1 || tensor.shape().length > 1) {
            throw new CheckpointFormatException("tensor '" + name + "' has shape " + Arrays.toString(tensor.shape())
                    + ", expected a scalar");
        }
        return tensor.values();
    }

    /** TensorFlow's (height, width, in, out) kernels to torch's (out, in, height, width). */
    static float[] hwioToOihw(FloatTensor kernel) {
        long[] s = kernel.shape();
        int h = (int) s[0];
        int w = (int) s[1];
        int in = (int) s[2];
        int out = (int) s[3];
        float[] source = kernel.values();
        float[] result = new float[source.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        result[((o * in + i) * h + y) * w + x] = source[((y * w + x) * in + i) * out + o];
                    }
                }
            }
        }
        return result;
    }
}
