package io.fastimage.model.can;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.ChannelOrder;
import io.fastimage.model.ImageTensors;
import io.fastimage.model.InputPlanes;
import io.fastimage.model.PlaneContext;
import io.fastimage.model.NetworkBlock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Context aggregation network (Chen, Xu, Koltun, ICCV 2017) with adaptive normalization: per layer
 * a bias-free dilated 3x3 convolution with zero "same" padding, then {@code λ·x + μ·BN(x)} (BN with a
 * per-channel offset and no scale), then leaky ReLU {@code max(0.2x, x)}; finally a 1x1 convolution
 * with bias to three channels and no activation. Input and output are NCHW float32.
 *
 * <p>The forward pass is hand-written rather than a {@code SequentialBlock} so that each activation is
 * closed as soon as the next one exists: at inference at most three full-size arrays are alive at a
 * time (layer input, convolution output updated in place, and its normalization or activation). Closing a
 * handle does not disturb training, since autograd keeps its own references to the tensors it saved; in
 * training no operation is done in place.
 */
public final class ContextAggregationNetwork extends AbstractBlock implements NetworkBlock {

    private static final byte VERSION = 1;
    /** Slope of the negative part of the leaky ReLU used by the authors. */
    public static final float LEAKY_SLOPE = 0.2f;
    /** Fraction of the moving averages kept per training step ({@code running} statistics only). */
    private static final float RUNNING_MOMENTUM = 0.99f;
    /** oneDNN's channel block under AVX2, to which convolution inputs are padded ({@link #dilatedConvolution}). */
    private static final int CHANNEL_BLOCK = 8;

    /** How the 3x3 convolutions start before training. */
    public enum Initialization {
        /** Each layer passes its input channels through unchanged, the authors' trick for fast training. */
        IDENTITY,
        /** Xavier (Glorot) random weights. */
        XAVIER
    }

    private record Layer(int dilation, Parameter weight, Parameter beta, Parameter lambda, Parameter mu,
                         Parameter runningMean, Parameter runningVar) {
    }

    private final CanArchitecture architecture;
    private final NormalizationStatistics statistics;
    private final boolean frozenStatistics;
    private final List<Layer> layers = new ArrayList<>();
    private final Parameter outputWeight;
    private final Parameter outputBias;
    private final Map<String, Parameter> parametersByName = new LinkedHashMap<>();

    public ContextAggregationNetwork(CanArchitecture architecture, NormalizationStatistics statistics,
                                     Initialization initialization) {
        this(architecture, statistics, initialization, false);
    }

    private ContextAggregationNetwork(CanArchitecture architecture, NormalizationStatistics statistics,
                                      Initialization initialization, boolean frozenStatistics) {
        super(VERSION);
        this.architecture = architecture;
        this.statistics = statistics;
        this.frozenStatistics = frozenStatistics;
        int width = architecture.width();
        Initializer convInit = initialization == Initialization.IDENTITY
                ? new IdentityInitializer() : new XavierInitializer();
        int in = architecture.inputChannels();
        for (int i = 0; i < architecture.layers(); i++) {
            String prefix = "layer" + (i + 1) + ".";
            Shape kernel = new Shape(width, in, CanArchitecture.KERNEL_SIZE, CanArchitecture.KERNEL_SIZE);
            layers.add(new Layer(architecture.dilations().get(i),
                    parameter(prefix + "weight", Parameter.Type.WEIGHT, kernel, convInit, true),
                    parameter(prefix + "beta", Parameter.Type.BETA, new Shape(width), Initializer.ZEROS, true),
                    // λ = 1, μ = 0 makes adaptive normalization start as the identity, as in the paper.
                    parameter(prefix + "lambda", Parameter.Type.OTHER, new Shape(1), new ConstantInitializer(1f), true),
                    parameter(prefix + "mu", Parameter.Type.OTHER, new Shape(1), Initializer.ZEROS, true),
                    parameter(prefix + "runningMean", Parameter.Type.RUNNING_MEAN, new Shape(width), Initializer.ZEROS, false),
                    parameter(prefix + "runningVar", Parameter.Type.RUNNING_VAR, new Shape(width), Initializer.ONES, false)));
            in = width;
        }
        outputWeight = parameter("output.weight", Parameter.Type.WEIGHT,
                new Shape(CanArchitecture.OUTPUT_CHANNELS, width, 1, 1), new XavierInitializer(), true);
        outputBias = parameter("output.bias", Parameter.Type.BIAS,
                new Shape(CanArchitecture.OUTPUT_CHANNELS), Initializer.ZEROS, true);
    }

    private Parameter parameter(String name, Parameter.Type type, Shape shape, Initializer init, boolean trainable) {
        Parameter parameter = addParameter(Parameter.builder().setName(name).setType(type).optShape(shape)
                .optInitializer(init).optRequiresGrad(trainable).build());
        parametersByName.put(name, parameter);
        return parameter;
    }

    public CanArchitecture architecture() {
        return architecture;
    }

    public NormalizationStatistics statistics() {
        return statistics;
    }

    @Override
    public CanSpec spec() {
        return new CanSpec(architecture, statistics);
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        return Collections.unmodifiableMap(parametersByName);
    }
    /**
     * A copy of this network (same weights and stored statistics) that normalizes with {@code mode}, its
     * parameters on {@code manager}. Switching to running statistics keeps the stored ones, which only
     * mean something after {@link #calibrateRunningStatistics} or training in that mode.
     */
    public ContextAggregationNetwork withStatistics(NormalizationStatistics mode, NDManager manager) {
        return copy(mode, false, manager);
    }

    /**
     * A copy of this running-statistics network (same weights and statistics, parameters on {@code manager}) that
     * normalizes with its stored statistics in training too: batch normalization in evaluation mode, the usual way
     * to fine-tune with small batches (torchvision's {@code FrozenBatchNorm2d} and detectron2 freeze the statistics
     * the same way, and the affine terms too; here β, λ and μ still train). Training then computes exactly the
     * function serving computes, and the statistics stay as calibrated. Without it, a training step normalizes
     * with the statistics of its own batch (one photo, or two crops), which differ from the averages that serving
     * uses (docs/training.md, round 12).
     *
     * @throws IllegalStateException for a per-image network, which has no stored statistics to freeze
     */
    public ContextAggregationNetwork withFrozenStatistics(NDManager manager) {
        if (statistics != NormalizationStatistics.RUNNING) {
            throw new IllegalStateException("only running statistics can be frozen; this network normalizes with "
                    + statistics.jsonName() + " statistics");
        }
        return copy(statistics, true, manager);
    }

    /** Whether training normalizes with the stored statistics ({@link #withFrozenStatistics}). */
    public boolean frozenStatistics() {
        return frozenStatistics;
    }

    private ContextAggregationNetwork copy(NormalizationStatistics mode, boolean frozen, NDManager manager) {
        ContextAggregationNetwork copy = new ContextAggregationNetwork(architecture, mode, Initialization.XAVIER, frozen);
        copy.initialize(manager);
        parametersByName.forEach((name, parameter) -> copy.assign(name, parameter.getArray().toFloatArray()));
        return copy;
    }

    /**
     * A copy of this network taking {@code other} inputs, which must extend this network's (the same planes
     * first, then new ones), its parameters on {@code manager}. The new planes' first-layer weights are zero,
     * so the copy computes exactly what this network computes until training makes use of them.
     *
     * @throws IllegalArgumentException when {@code other} does not start with this network's inputs
     */
    public ContextAggregationNetwork withInputs(InputPlanes other, NDManager manager) {
        if (!other.startsWith(architecture.inputs())) {
            throw new IllegalArgumentException("inputs " + other.summary() + " do not extend this network's "
                    + architecture.inputs().summary());
        }
        ContextAggregationNetwork copy = new ContextAggregationNetwork(architecture.withInputs(other), statistics,
                Initialization.XAVIER);
        copy.initialize(manager);
        String first = "layer1.weight";
        parametersByName.forEach((name, parameter) -> {
            float[] values = parameter.getArray().toFloatArray();
            copy.assign(name, name.equals(first) ? widenedInput(values, architecture.inputChannels(), other.channels()) : values);
        });
        return copy;
    }

    /** OIHW kernels with {@code in} input channels padded with zero kernels to {@code wider}. */
    private float[] widenedInput(float[] kernels, int in, int wider) {
        int area = CanArchitecture.KERNEL_SIZE * CanArchitecture.KERNEL_SIZE;
        float[] result = new float[architecture.width() * wider * area];
        for (int o = 0; o < architecture.width(); o++) {
            System.arraycopy(kernels, o * in * area, result, o * wider * area, in * area);
        }
        return result;
    }

    @Override
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32,
                new Shape(1, architecture.inputChannels(), CanArchitecture.KERNEL_SIZE, CanArchitecture.KERNEL_SIZE));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        if (input.getShape().dimension() != 4 || input.getShape().get(1) != architecture.inputChannels()) {
            throw new IllegalArgumentException("expected NCHW input with " + architecture.inputChannels()
                    + " channels, got shape " + input.getShape());
        }
        Device device = input.getDevice();
        NDManager scratch = input.getManager().newSubManager();
        try {
            NDArray unitScale = scratch.ones(new Shape(architecture.width()));
            NDArray x = input;
            for (Layer layer : layers) {
                NDArray next = layerForward(parameterStore, layer, x, device, training, unitScale, scratch);
                if (x != input) {
                    x.close();
                }
                x = next;
            }
            NDArray output = dilatedConvolution(x, parameterStore.getValue(outputWeight, device, training),
                    parameterStore.getValue(outputBias, device, training), 1);
            if (x != input) {
                x.close();
            }
            return new NDList(output);
        } finally {
            scratch.close();
        }
    }

    private NDArray layerForward(ParameterStore store, Layer layer, NDArray x, Device device, boolean training,
                                 NDArray unitScale, NDManager scratch) {
        if (!training && statistics == NormalizationStatistics.RUNNING) {
            return foldedLayerForward(store, layer, x, device);
        }
        NDArray conv = dilatedConvolution(x, store.getValue(layer.weight(), device, training), null, layer.dilation());
        NDArray normalized = batchNorm(store, layer, conv, device, training, unitScale, scratch);
        NDArray lambda = store.getValue(layer.lambda(), device, training);
        NDArray mu = store.getValue(layer.mu(), device, training);
        NDArray mixed;
        if (training) {
            mixed = conv.mul(lambda).add(normalized.mul(mu));
            conv.close();
        } else {
            // In place: conv becomes λ·conv + μ·BN(conv) without a third full-size array.
            mixed = conv.muli(lambda).addi(normalized.muli(mu));
        }
        normalized.close();
        NDArray activated = Activation.leakyRelu(mixed, LEAKY_SLOPE);
        mixed.close();
        return activated;
    }

    /**
     * Inference with fixed statistics: {@code λ·x + μ·((x − mean)/√(var + ε) + β)} is a per-channel affine
     * map of the convolution's output, so it folds into the convolution's weights and a bias. One
     * convolution and the activation replace five full-size passes (BN, two products, a sum).
     */
    private NDArray foldedLayerForward(ParameterStore store, Layer layer, NDArray x, Device device) {
        try (NDList affine = foldedAffine(store, layer, device, new Shape(-1, 1, 1, 1));
             NDArray weight = store.getValue(layer.weight(), device, false).mul(affine.get(0))) {
            NDArray conv = dilatedConvolution(x, weight, affine.get(1), layer.dilation());
            NDArray activated = Activation.leakyRelu(conv, LEAKY_SLOPE);
            conv.close();
            return activated;
        }
    }

    /**
     * A k×k convolution (a layer's 3×3, the output's 1×1): stride 1, dilated by {@code dilation} and zero-padded by
     * {@code dilation·(k−1)/2} (same size out). {@code x} is NCHW, {@code weight} OIHW with I = C.
     *
     * <p>More than {@value #CHANNEL_BLOCK} input channels that are not a multiple of it (the 13 of the combined
     * network, the 14 of the textured pencil one) are first padded with zero planes, and the kernels with zero
     * kernels, to the next multiple: the same function. oneDNN (libtorch 2.7.1) stores channels in blocks of 8
     * under AVX2 and pads a partial last block itself, and its {@code jit:avx2} direct convolution then computed
     * wrong values, or NaN, on an AMD EPYC of family 26: the combined network's output for the tasks whose plane
     * lies in the partial block was 11 dB below its card (the CI run of 2026-12-01; oneDNN's SSE4.1 and AVX-512
     * paths, which do not pad those channels, were right). With whole blocks oneDNN pads nothing. The output's
     * 1×1 convolution sees the layers' width: a width of 12 gave NaN there on the same kind of CPU (CI run of
     * 2026-12-02).
     */
    static NDArray dilatedConvolution(NDArray x, NDArray weight, NDArray bias, int dilation) {
        Shape d = new Shape(dilation, dilation);
        long reach = dilation * (weight.getShape().get(2) - 1) / 2;
        Shape p = new Shape(reach, reach);
        Shape in = x.getShape();
        int channels = (int) in.get(1);
        int missing = channels > CHANNEL_BLOCK && channels % CHANNEL_BLOCK != 0
                ? CHANNEL_BLOCK - channels % CHANNEL_BLOCK : 0;
        if (missing == 0) {
            return Conv2d.conv2d(x, weight, bias, new Shape(1, 1), p, d, 1).singletonOrThrow();
        }
        Shape kernels = weight.getShape();
        try (NDArray zeroPlanes = x.getManager().zeros(new Shape(in.get(0), missing, in.get(2), in.get(3)), x.getDataType());
             NDArray zeroKernels = weight.getManager().zeros(new Shape(kernels.get(0), missing, kernels.get(2),
                     kernels.get(3)), weight.getDataType());
             NDArray paddedX = x.concat(zeroPlanes, 1);
             NDArray paddedWeight = weight.concat(zeroKernels, 1)) {
            return Conv2d.conv2d(paddedX, paddedWeight, bias, new Shape(1, 1), p, d, 1).singletonOrThrow();
        }
    }

    /**
     * The per-channel scale {@code λ + μ/√(var + ε)} (shaped {@code scaleShape}) and bias
     * {@code μ·(β − mean/√(var + ε))} that the layer's fixed statistics make of its convolution's output. Every
     * intermediate is closed: they would otherwise stay on the parameters' manager, which lives as long as the
     * model, at every forward pass.
     */
    private NDList foldedAffine(ParameterStore store, Layer layer, Device device, Shape scaleShape) {
        NDArray mu = store.getValue(layer.mu(), device, false);
        try (NDArray inverseStd = store.getValue(layer.runningVar(), device, false).add(architecture.batchNormEpsilon());
             NDArray scale = inverseStd.powi(-0.5).mul(mu).addi(store.getValue(layer.lambda(), device, false))) {
            NDArray bias = store.getValue(layer.runningMean(), device, false).mul(inverseStd).negi()
                    .addi(store.getValue(layer.beta(), device, false)).muli(mu);
            return new NDList(scale.reshape(scaleShape), bias);
        }
    }

    /**
     * Batch normalization over the channel axis with offset β and no scale. Batch statistics are used in
     * training (unless frozen) and, for per-image models, at inference too; torch then updates the running
     * averages it is given, so per-image models get throw-away ones and keep their stored values untouched.
     */
    private NDArray batchNorm(ParameterStore store, Layer layer, NDArray x, Device device, boolean training,
                              NDArray unitScale, NDManager scratch) {
        boolean batchStatistics = statistics == NormalizationStatistics.PER_IMAGE || (training && !frozenStatistics);
        if (batchStatistics && x.getShape().size() == x.getShape().get(1)) {
            // One value per channel (a 1×1 image): each value is its own mean, so the normalized value is 0 and
            // BN(x) is the shift; torch's batch_norm refuses this case ("expected more than 1 value per channel").
            NDArray beta = store.getValue(layer.beta(), device, training);
            return x.zerosLike().add(beta.reshape(1, architecture.width(), 1, 1));
        }
        NDArray runningMean;
        NDArray runningVar;
        if (statistics == NormalizationStatistics.RUNNING) {
            runningMean = store.getValue(layer.runningMean(), device, training);
            runningVar = store.getValue(layer.runningVar(), device, training);
        } else {
            runningMean = scratch.zeros(new Shape(architecture.width()));
            runningVar = scratch.ones(new Shape(architecture.width()));
        }
        // Straight to torch's batch_norm, whose channel axis is NCHW's axis 1: DJL's NDArrayEx.batchNorm
        // with an axis argument adds axis swaps and moves its input between managers for nothing here.
        return JniUtils.batchNorm((PtNDArray) x, (PtNDArray) runningMean, (PtNDArray) runningVar,
                (PtNDArray) unitScale, (PtNDArray) store.getValue(layer.beta(), device, training), batchStatistics,
                1 - RUNNING_MOMENTUM, architecture.batchNormEpsilon());
    }

    /** A running-statistics copy calibrated on {@code image} alone: its per-image statistics, fixed. */
    @Override
    public Optional<NetworkBlock> withStatisticsOf(Rgb8Image image, ChannelOrder order, PlaneContext context,
            NDManager manager) {
        if (statistics != NormalizationStatistics.PER_IMAGE) {
            return Optional.empty();
        }
        ContextAggregationNetwork copy = withStatistics(NormalizationStatistics.RUNNING, manager);
        try (NDManager scratch = manager.newSubManager()) {
            copy.fixStatisticsTo(ImageTensors.toTensor(scratch, image, order, architecture.inputs(), context));
        }
        return Optional.of(copy);
    }

    /**
     * Sets every layer's running statistics to the per-image ones of {@code image} (NCHW float32 in [0, 1]) in
     * one forward pass: each layer's statistics are measured on its convolution's output, then that output is
     * normalized with them, as per-image normalization does. {@link #calibrateRunningStatistics} on this one
     * image gives the same statistics, recomputing the earlier layers for each layer.
     */
    private void fixStatisticsTo(NDArray image) {
        try (NDManager scratch = image.getManager().newSubManager()) {
            ParameterStore store = new ParameterStore(scratch, false);
            Device device = image.getDevice();
            NDArray x = image;
            for (Layer layer : layers) {
                NDArray conv = dilatedConvolution(x, store.getValue(layer.weight(), device, false), null, layer.dilation());
                float[][] statistics = channelStatistics(conv);
                layer.runningMean().getArray().set(statistics[0]);
                layer.runningVar().getArray().set(statistics[1]);
                try (NDList affine = foldedAffine(store, layer, device, new Shape(1, -1, 1, 1));
                     NDArray bias = affine.get(1).reshape(1, -1, 1, 1)) {
                    NDArray mixed = conv.muli(affine.get(0)).addi(bias);
                    x = closingInput(Activation.leakyRelu(mixed, LEAKY_SLOPE), x, image);
                    mixed.close();
                }
            }
        }
    }

    /** Per channel of an NCHW array: its mean and its (biased) variance over the image, as per-image BN computes. */
    private float[][] channelStatistics(NDArray conv) {
        try (NDArray transposed = conv.transpose(1, 0, 2, 3);
             NDArray channels = transposed.reshape(architecture.width(), -1);
             NDArray mean = channels.mean(new int[] {1}, true);
             NDArray centred = channels.sub(mean);
             NDArray variance = centred.muli(centred).mean(new int[] {1})) {
            return new float[][] {mean.toFloatArray(), variance.toFloatArray()};
        }
    }

    /**
     * {@link #calibrateRunningStatistics} on 8-bit photos, turned into tensors in {@code order} (the model's
     * channel order), with the network's extra input planes for {@code context} (each photo whole), for the
     * duration of the calibration.
     */
    public void calibrateRunningStatisticsOn(List<Rgb8Image> photos, ChannelOrder order, PlaneContext context) {
        NDManager owner = parametersByName.values().iterator().next().getArray().getManager();
        try (NDManager scratch = owner.newSubManager()) {
            calibrateRunningStatistics(photos.stream()
                    .map(photo -> ImageTensors.toTensor(scratch, photo, order, architecture.inputs(), context)).toList());
        }
    }

    /**
     * Sets every layer's running statistics to what per-image normalization computes on typical images,
     * so that a per-image network (the authors' release) can run with fixed statistics: folded into the
     * convolutions, and tiled exactly. Layer by layer: the per-channel mean and (biased) variance of the
     * layer's convolution output are averaged over {@code images} (NCHW float32 in [0, 1], any sizes), with
     * the layers before it already running on their new fixed statistics, as they will at inference. The
     * mean of per-image variances, not the pooled variance, is kept: per-image BN divides by each image's
     * own spread, which the pooled variance would overstate by the spread between images. Each image's
     * activations are recomputed per layer rather than kept for all images at once, so memory stays that
     * of one forward pass (measured: 24 photos at 1024 px long side held at once ran out of memory).
     *
     * @param images at least one calibration image; the arrays are not closed
     * @throws IllegalStateException when this network does not use running statistics
     */
    public void calibrateRunningStatistics(List<NDArray> images) {
        if (statistics != NormalizationStatistics.RUNNING) {
            throw new IllegalStateException("calibration sets running statistics; this network uses " + statistics.jsonName());
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException("calibration needs at least one image");
        }
        for (int k = 0; k < layers.size(); k++) {
            Layer layer = layers.get(k);
            float[] meanSum = new float[architecture.width()];
            float[] varianceSum = new float[architecture.width()];
            for (NDArray image : images) {
                try (NDManager scratch = image.getManager().newSubManager()) {
                    ParameterStore store = new ParameterStore(scratch, false);
                    Device device = image.getDevice();
                    NDArray x = image;
                    for (Layer earlier : layers.subList(0, k)) {
                        x = closingInput(foldedLayerForward(store, earlier, x, device), x, image);
                    }
                    NDArray conv = closingInput(dilatedConvolution(x, store.getValue(layer.weight(), device, false), null,
                            layer.dilation()), x, image);
                    conv.attach(scratch);
                    float[][] statistics = channelStatistics(conv);
                    addTo(meanSum, statistics[0]);
                    addTo(varianceSum, statistics[1]);
                }
            }
            float n = images.size();
            layer.runningMean().getArray().set(scaled(meanSum, 1 / n));
            layer.runningVar().getArray().set(scaled(varianceSum, 1 / n));
        }
    }

    /** Returns {@code output} after closing {@code input}, unless that is the caller's {@code image}. */
    private static NDArray closingInput(NDArray output, NDArray input, NDArray image) {
        if (input != image) {
            input.close();
        }
        return output;
    }

    private static void addTo(float[] sum, float[] values) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += values[i];
        }
    }

    private static float[] scaled(float[] values, float factor) {
        float[] result = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i] * factor;
        }
        return result;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), CanArchitecture.OUTPUT_CHANNELS, in.get(2), in.get(3))};
    }

    /** Zero kernels except a 1 at the centre from input channel i to output channel i. */
    private static final class IdentityInitializer implements Initializer {
        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            int out = (int) shape.get(0);
            int in = (int) shape.get(1);
            int kh = (int) shape.get(2);
            int kw = (int) shape.get(3);
            float[] values = new float[out * in * kh * kw];
            for (int c = 0; c < Math.min(in, out); c++) {
                values[((c * in + c) * kh + kh / 2) * kw + kw / 2] = 1f;
            }
            return manager.create(values, shape).toType(dataType, false);
        }
    }
}
