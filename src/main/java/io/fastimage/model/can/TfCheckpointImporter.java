package io.fastimage.model.can;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.ChannelOrder;
import io.fastimage.model.InputPlanes;
import io.fastimage.model.PlaneContext;
import io.fastimage.model.ModelDescriptor;
import io.fastimage.model.ModelDirectory;
import io.fastimage.model.OutputQuantization;
import io.fastimage.model.can.CheckpointTensors.FloatTensor;
import io.fastimage.model.ModelDescriptor.Provenance;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the authors' TensorFlow-slim CAN checkpoints into our model directory. Their layers are
 * {@code g_conv<N>} (3x3, HWIO weights, {@code BatchNorm/beta}, scalars {@code w0} = λ and {@code w1} = μ)
 * in increasing N, then {@code g_conv_last} (1x1 with biases); width and depth come from the shapes,
 * dilations from the paper's schedule.
 *
 * <p>A {@link Conversion} says which conventions the result has. {@link Conversion#AUTHORS} keeps theirs
 * (BGR, truncation, per-image statistics): bit for bit their network. {@link Conversion#project} gives
 * ours: the first layer's input channels and the last layer's output channels are reversed, which is the
 * same function on RGB (sums in another order), outputs are rounded, and with calibration images the
 * per-image statistics become running ones ({@link ContextAggregationNetwork#calibrateRunningStatistics}).
 */
public final class TfCheckpointImporter {

    public static final String DEFAULT_PREFIX = "model.ckpt";
    /** The authors' release (see ../shared/pretrained/README.md): where, which revision, licence, credit. */
    public static final ModelDescriptor.Origin AUTHORS_RELEASE = new ModelDescriptor.Origin(
            "github.com/CQFIO/FastImageProcessing (Chen, Xu, Koltun, ICCV 2017)",
            "d2cf3ab7fe46369aa6896609df0978fe01bc9c89", "MIT",
            "Qifeng Chen, Jia Xu and Vladlen Koltun, \"Fast Image Processing with Fully-Convolutional Networks\", ICCV 2017");

    /**
     * The task planes of the authors' combined CAN32 after its colour planes, in their order
     * (../shared/pretrained/README.md), as our operator ids.
     */
    public static final List<String> AUTHORS_COMBINED_TASKS = List.of("nonlocal-dehazing", "dark-channel-dehazing",
            "multiscale-tone", "detail-manipulation", "l0-smoothing", "pencil-drawing", "rudin-osher-fatemi",
            "relative-total-variation", "photographic-style", "tv-l1");

    /**
     * The conventions of an imported network. {@code calibration}: images (any sizes) whose per-image
     * statistics become the network's running statistics; empty keeps per-image statistics. {@code inputs}:
     * what the checkpoint's input channels hold (colour first, in the conversion's order, then the extra
     * planes; their count must be the checkpoint's); calibration feeds the extra planes their defaults
     * (parameters at their default values, no task plane on, procedural planes at each photo's positions).
     * {@code symmetricPadding}: px of the photo mirrored beyond its border when the imported network runs
     * ({@link CanArchitecture}; 0, the authors' convention, runs the photo as it is). Calibration measures the
     * statistics on the photos without that margin.
     */
    public record Conversion(ChannelOrder channelOrder, OutputQuantization quantization, List<Rgb8Image> calibration,
                             InputPlanes inputs, int symmetricPadding) {
        /** The authors' own conventions: the imported network reproduces their published outputs. */
        public static final Conversion AUTHORS = new Conversion(ChannelOrder.BGR, OutputQuantization.TRUNCATE, List.of());

        public Conversion {
            calibration = List.copyOf(calibration);
            Objects.requireNonNull(inputs, "inputs");
        }

        /** Colour-only input, the photo run as it is. */
        public Conversion(ChannelOrder channelOrder, OutputQuantization quantization, List<Rgb8Image> calibration) {
            this(channelOrder, quantization, calibration, InputPlanes.COLOUR_ONLY, 0);
        }

        /** The project's conventions (RGB, rounding), with running statistics when calibration images are given. */
        public static Conversion project(List<Rgb8Image> calibration) {
            return new Conversion(ChannelOrder.RGB, OutputQuantization.ROUND, calibration);
        }

        /** These conventions for a network whose input channels hold {@code planes}. */
        public Conversion withInputs(InputPlanes planes) {
            return new Conversion(channelOrder, quantization, calibration, planes, symmetricPadding);
        }

        /** These conventions for a network run on the photo mirrored {@code pixels} px beyond its border. */
        public Conversion withSymmetricPadding(int pixels) {
            return new Conversion(channelOrder, quantization, calibration, inputs, pixels);
        }

        NormalizationStatistics statistics() {
            return calibration.isEmpty() ? NormalizationStatistics.PER_IMAGE : NormalizationStatistics.RUNNING;
        }
    }
    private static final Pattern LAYER_WEIGHTS = Pattern.compile("g_conv(\\d+)/weights");
    private static final String LAST = "g_conv_last";

    private TfCheckpointImporter() {
    }

    /**
     * Reads the checkpoint in {@code checkpointDirectory} and writes a model directory at {@code out}
     * (which must not exist) with the conventions of {@code conversion}.
     */
    public static ModelDescriptor importCheckpoint(Path checkpointDirectory, String prefix, String operatorId, Path out,
                                                   double batchNormEpsilon, Conversion conversion,
                                                   ModelDescriptor.Origin origin, String command) throws IOException {
        TfCheckpointReader reader = TfCheckpointReader.open(checkpointDirectory, prefix);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            ContextAggregationNetwork network = toNetwork(reader, batchNormEpsilon, conversion, manager);
            Provenance provenance = new Provenance(
                    "TensorFlow 1 checkpoint " + checkpointDirectory.toAbsolutePath().normalize().resolve(prefix)
                            + " imported" + (conversion.calibration().isEmpty() ? ""
                            : ", running statistics from " + conversion.calibration().size() + " calibration images"),
                    "the authors' training data (2,500 MIT-Adobe FiveK photos for the authors' release)", 0L,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), command, origin);
            return ModelDirectory.write(out, network, new ModelDirectory.Metadata(operatorId, conversion.channelOrder(),
                    conversion.quantization(), provenance, List.of()));
        }
    }

    /** Reads the checkpoint as a network with the conventions of {@code conversion}, on {@code manager}. */
    public static ContextAggregationNetwork readNetwork(Path checkpointDirectory, String prefix, double batchNormEpsilon,
                                                        Conversion conversion, NDManager manager) throws IOException {
        return toNetwork(TfCheckpointReader.open(checkpointDirectory, prefix), batchNormEpsilon, conversion, manager);
    }

    /** The authors' network exactly as released (BGR, per-image statistics). */
    public static ContextAggregationNetwork toNetwork(CheckpointTensors tensors, double batchNormEpsilon,
                                                      NDManager manager) throws IOException {
        return toNetwork(tensors, batchNormEpsilon, Conversion.AUTHORS, manager);
    }

    /** Builds the CAN that the slim tensors describe, with the conventions of {@code conversion}, on {@code manager}. */
    public static ContextAggregationNetwork toNetwork(CheckpointTensors tensors, double batchNormEpsilon,
                                                      Conversion conversion, NDManager manager) throws IOException {
        ContextAggregationNetwork network = build(tensors, batchNormEpsilon, conversion, manager);
        if (!conversion.calibration().isEmpty()) {
            network.calibrateRunningStatisticsOn(conversion.calibration(), conversion.channelOrder(),
                    PlaneContext.whole(Map.of(), ""));
        }
        return network;
    }

    private static ContextAggregationNetwork build(CheckpointTensors tensors, double batchNormEpsilon,
                                                   Conversion conversion, NDManager manager) throws IOException {
        InputPlanes inputs = conversion.inputs();
        boolean reverseColourChannels = conversion.channelOrder() == ChannelOrder.RGB;
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
        if (inputChannels != inputs.channels()) {
            throw new CheckpointFormatException("tensor '" + scopes.get(0) + "/weights' takes " + inputChannels
                    + " input channels, expected " + inputs.channels() + " (" + inputs.summary() + ")");
        }
        CanArchitecture architecture = new CanArchitecture(width, CanArchitecture.standardDilations(scopes.size()),
                inputChannels, batchNormEpsilon, inputs, conversion.symmetricPadding());
        ContextAggregationNetwork network = new ContextAggregationNetwork(architecture, conversion.statistics(),
                ContextAggregationNetwork.Initialization.XAVIER);
        network.initialize(manager);
        int in = inputChannels;
        for (int i = 0; i < scopes.size(); i++) {
            String scope = scopes.get(i);
            String layer = "layer" + (i + 1) + ".";
            float[] weights = hwioToOihw(require(tensors, scope + "/weights", 3, 3, in, width));
            // BGR to RGB: the colour planes enter only the first layer (OIHW axis 1 holds them) ...
            network.assign(layer + "weight", i == 0 && reverseColourChannels
                    ? reverseColourAxis(weights, width, in, CanArchitecture.KERNEL_SIZE * CanArchitecture.KERNEL_SIZE)
                    : weights);
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
        float[] outputWeight = hwioToOihw(require(tensors, LAST + "/weights", 1, 1, width, CanArchitecture.OUTPUT_CHANNELS));
        float[] outputBias = require(tensors, LAST + "/biases", CanArchitecture.OUTPUT_CHANNELS).values();
        if (reverseColourChannels) {
            // ... and leave only the last layer (OIHW axis 0, and its biases).
            outputWeight = reverseColourAxis(outputWeight, 1, CanArchitecture.OUTPUT_CHANNELS, width);
            outputBias = reverseColourAxis(outputBias, 1, CanArchitecture.OUTPUT_CHANNELS, 1);
        }
        network.assign("output.weight", outputWeight);
        network.assign("output.bias", outputBias);
        return network;
    }

    /**
     * Reverses the order of the three colour channels, the first three of the middle axis of {@code values}
     * seen as {@code (outer, channels, inner)}: BGR to RGB and back. Channels after the colour (extra input
     * planes) keep their places.
     */
    static float[] reverseColourAxis(float[] values, int outer, int channels, int inner) {
        int colour = InputPlanes.COLOUR_CHANNELS;
        if (channels < colour || values.length != outer * channels * inner) {
            throw new IllegalArgumentException("expected " + outer + " x " + channels + " x " + inner
                    + " values with at least 3 channels, got " + values.length);
        }
        float[] result = values.clone();
        for (int o = 0; o < outer; o++) {
            for (int c = 0; c < colour; c++) {
                System.arraycopy(values, (o * channels + c) * inner, result, (o * channels + colour - 1 - c) * inner, inner);
            }
        }
        return result;
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
