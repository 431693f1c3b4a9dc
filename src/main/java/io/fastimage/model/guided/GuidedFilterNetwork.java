package io.fastimage.model.guided;

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
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.util.PairList;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.ChannelOrder;
import io.fastimage.model.ImageTensors;
import io.fastimage.model.NetworkBlock;
import io.fastimage.model.OutputQuantization;
import io.fastimage.model.PlaneContext;
import io.fastimage.model.can.ContextAggregationNetwork;
import io.fastimage.model.can.NormalizationStatistics;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The deep guided filter network (Wu, Zheng, Zhang, Huang, "Fast End-to-End Trainable Guided Filter", CVPR 2018;
 * the facts this follows are in {@code ../shared/docs/guided-filter.md}) as one DJL block.
 *
 * <p>Inputs: {@code [full, low]}, the photo I (1×3×H×W float32 in [0, 1]) and its low-resolution copy
 * (1×3×h×w, {@link LowResolution}); output {@code [A↑·G(I) + B↑]}, 1×3×H×W, not clipped (serving clips when it
 * quantizes). With the low-resolution copy alone, {@code [low]}, the block returns {@code [A, B]} (each 1×3×h×w):
 * the low-resolution part that serving runs in DJL before {@link FullResolutionStage} finishes in Java.
 *
 * <p>At low resolution: {@code p = CAN(low)}; the guide {@code g = G(low)} (the learned guidance map, or the
 * input itself); per channel, box means over radius r truncated at the border (each divides by the pixels it
 * holds, N in the paper): {@code A = (mean(g·p) − mean(g)·mean(p)) / (mean(g²) − mean(g)² + ε)},
 * {@code B = mean(p) − A·mean(g)} (He, Sun, Tang's guided filter coefficients, without the second averaging of the classic
 * filter). A and B are upsampled bilinearly to H×W with PyTorch's {@code align_corners = false} convention
 * (DJL's PyTorch engine passes no other), and the output is {@code A↑·G(I) + B↑}. Every step is differentiable:
 * the loss at full resolution trains the CAN and the guidance map.
 *
 * <p>Guidance map G (the paper's learned guidance): a bias-free 1×1 convolution 3→C, adaptive normalization {@code λx + μ·BN(x)}
 * with per-image statistics and offset β, leaky ReLU 0.2, a 1×1 convolution C→3 with bias. It starts as the
 * identity on [0, 1] inputs (so a new network starts as the plain guided filter with guide = input).
 */
public final class GuidedFilterNetwork extends AbstractBlock implements NetworkBlock {

    private static final byte VERSION = 1;
    public static final String CAN_PREFIX = "lowResolution.";
    /** Batch-norm epsilon of the guidance map's adaptive normalization (TensorFlow-slim's, as in the CAN). */
    static final float GUIDANCE_BN_EPSILON = 1e-3f;
    /** DJL's interpolation mode number for bilinear. */
    private static final int BILINEAR = 1;

    /** How the low-resolution CAN starts: identity 3×3 convolutions, or random (weights to be loaded). */
    public enum Initialization { IDENTITY, XAVIER }

    private final GuidedFilterSpec spec;
    private final ContextAggregationNetwork can;
    private final Map<String, Parameter> parametersByName = new LinkedHashMap<>();
    private final Parameter guideWeight1;
    private final Parameter guideBeta;
    private final Parameter guideLambda;
    private final Parameter guideMu;
    private final Parameter guideWeight2;
    private final Parameter guideBias2;

    public GuidedFilterNetwork(GuidedFilterSpec spec, Initialization initialization) {
        super(VERSION);
        this.spec = spec;
        this.can = addChildBlock("lowResolution", new ContextAggregationNetwork(spec.network(),
                NormalizationStatistics.PER_IMAGE, initialization == Initialization.IDENTITY
                        ? ContextAggregationNetwork.Initialization.IDENTITY : ContextAggregationNetwork.Initialization.XAVIER));
        can.namedParameters().forEach((name, parameter) -> parametersByName.put(CAN_PREFIX + name, parameter));
        int c = spec.guidanceChannels();
        if (c == 0) {
            guideWeight1 = guideBeta = guideLambda = guideMu = guideWeight2 = guideBias2 = null;
        } else {
            guideWeight1 = parameter("guidance.weight1", Parameter.Type.WEIGHT, new Shape(c, 3, 1, 1),
                    new PassThroughInitializer(false));
            guideBeta = parameter("guidance.beta", Parameter.Type.BETA, new Shape(c), Initializer.ZEROS);
            guideLambda = parameter("guidance.lambda", Parameter.Type.OTHER, new Shape(1), new ConstantInitializer(1f));
            guideMu = parameter("guidance.mu", Parameter.Type.OTHER, new Shape(1), Initializer.ZEROS);
            guideWeight2 = parameter("guidance.weight2", Parameter.Type.WEIGHT, new Shape(3, c, 1, 1),
                    new PassThroughInitializer(true));
            guideBias2 = parameter("guidance.bias2", Parameter.Type.BIAS, new Shape(3), Initializer.ZEROS);
        }
    }

    private Parameter parameter(String name, Parameter.Type type, Shape shape, Initializer init) {
        Parameter parameter = addParameter(Parameter.builder().setName(name).setType(type).optShape(shape)
                .optInitializer(init).build());
        parametersByName.put(name, parameter);
        return parameter;
    }

    @Override
    public GuidedFilterSpec spec() {
        return spec;
    }

    /** The low-resolution CAN (its parameters are this block's, under {@value #CAN_PREFIX}). */
    public ContextAggregationNetwork lowResolutionNetwork() {
        return can;
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        return Collections.unmodifiableMap(parametersByName);
    }

    @Override
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, 3, 8, 8), new Shape(1, 3, 8, 8));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        can.initialize(manager);
    }
    /**
     * {@code [full, low]}: the photo and its {@link LowResolution} copy, as the block takes them (colour only:
     * this kind has no extra input planes, so {@code context} is not used).
     */
    @Override
    public NDList inputs(NDManager manager, Rgb8Image image, ChannelOrder order, PlaneContext context) {
        return new NDList(ImageTensors.toTensor(manager, image, order),
                ImageTensors.toTensor(manager, LowResolution.of(image, spec.lowResolutionShortSide()), order));
    }

    @Override
    public Optional<NoBatchifyTranslator<Rgb8Image, Rgb8Image>> servingTranslator(ChannelOrder order,
            OutputQuantization quantization, Runnable checkpoint) {
        return Optional.of(new GuidedFilterTranslator(spec, guidanceMap(), order, quantization, checkpoint));
    }

    /** The guidance map's current weights as plain arrays, or null when the guide is the input. */
    GuidanceMap guidanceMap() {
        if (spec.guidanceChannels() == 0) {
            return null;
        }
        return new GuidanceMap(guideWeight1.getArray().toFloatArray(), guideBeta.getArray().toFloatArray(),
                guideLambda.getArray().getFloat(0), guideMu.getArray().getFloat(0), guideWeight2.getArray().toFloatArray(),
                guideBias2.getArray().toFloatArray(), GUIDANCE_BN_EPSILON);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        if (inputs.size() == 1) {
            return lowResolutionPart(store, inputs.get(0), training);
        }
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("expected [full, low] or [low], got " + inputs.size() + " arrays");
        }
        NDArray full = inputs.get(0);
        NDList ab = lowResolutionPart(store, inputs.get(1), training);
        long[] size = {full.getShape().get(2), full.getShape().get(3)};
        NDArray a = ab.get(0).getNDArrayInternal().interpolation(size, BILINEAR, false);
        NDArray b = ab.get(1).getNDArrayInternal().interpolation(size, BILINEAR, false);
        return new NDList(a.mul(guide(store, full, training)).add(b));
    }

    /** {@code [A, B]} at low resolution from the low-resolution copy (1×3×h×w each). */
    private NDList lowResolutionPart(ParameterStore store, NDArray low, boolean training) {
        if (low.getShape().dimension() != 4 || low.getShape().get(1) != 3) {
            throw new IllegalArgumentException("expected a 1×3×h×w low-resolution input, got " + low.getShape());
        }
        NDArray p = withMirroredBorder(low, spec.network().symmetricPadding(),
                padded -> can.forward(store, new NDList(padded), training).singletonOrThrow());
        NDArray g = guide(store, low, training);
        return coefficients(g, p, spec.radius(), (float) spec.epsilon());
    }

    /**
     * {@code network} run on {@code x} (N×C×h×w) extended by {@code margin} px mirrored beyond each border, edge
     * pixels repeated (half-sample symmetric, as {@code Rgb8Image.cropMirrored} serves the full-resolution CANs),
     * its output cut back to h×w. The margin shrinks to the shorter side on copies smaller than it. Differentiable:
     * training sees what serving computes.
     */
    static NDArray withMirroredBorder(NDArray x, int margin, UnaryOperator<NDArray> network) {
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        int k = (int) Math.min(margin, Math.min(h, w));
        if (k == 0) {
            return network.apply(x);
        }
        NDArray rows = x.get(":, :, 0:" + k + ", :").flip(2)
                .concat(x, 2).concat(x.get(":, :, " + (h - k) + ":, :").flip(2), 2);
        NDArray padded = rows.get(":, :, :, 0:" + k).flip(3)
                .concat(rows, 3).concat(rows.get(":, :, :, " + (w - k) + ":").flip(3), 3);
        return network.apply(padded).get(":, :, " + k + ":" + (k + h) + ", " + k + ":" + (k + w));
    }

    /**
     * The guided filtering layer's linear coefficients for guide {@code g} and filtering input {@code p} (both
     * N×C×h×w), per channel: {@code [A, B]} with box means over radius {@code r} truncated at the border.
     */
    static NDList coefficients(NDArray g, NDArray p, int r, float epsilon) {
        NDArray meanG = boxMean(g, r);
        NDArray meanP = boxMean(p, r);
        NDArray covariance = boxMean(g.mul(p), r).sub(meanG.mul(meanP));
        NDArray variance = boxMean(g.mul(g), r).sub(meanG.mul(meanG));
        NDArray a = covariance.div(variance.add(epsilon));
        NDArray b = meanP.sub(a.mul(meanG));
        return new NDList(a, b);
    }

    /**
     * Mean over each (2r+1)² window truncated at the border: average pooling with zero padding divided by the
     * same pooling of ones, i.e. the window's sum over the N pixels inside the image (the paper's N). DJL's
     * PyTorch engine ignores {@code countIncludePad}, hence the explicit N (measured: both settings count the padding).
     */
    static NDArray boxMean(NDArray x, int r) {
        int k = 2 * r + 1;
        Shape window = new Shape(k, k);
        Shape stride = new Shape(1, 1);
        Shape padding = new Shape(r, r);
        NDArray ones = x.getManager().ones(new Shape(1, 1, x.getShape().get(2), x.getShape().get(3)));
        NDArray count = Pool.avgPool2d(ones, window, stride, padding, false, true);
        return Pool.avgPool2d(x, window, stride, padding, false, true).div(count);
    }

    /** G(x), or x itself when the model has no guidance map. */
    private NDArray guide(ParameterStore store, NDArray x, boolean training) {
        if (spec.guidanceChannels() == 0) {
            return x;
        }
        Device device = x.getDevice();
        NDArray h = Conv2d.conv2d(x, store.getValue(guideWeight1, device, training)).singletonOrThrow();
        NDArray mean = imageMean(h);
        NDArray centred = h.sub(mean);
        NDArray variance = imageMean(centred.square());
        NDArray normalized;
        // The view is made on the parameter's manager, which lives as long as the model: closed here.
        try (NDArray beta = store.getValue(guideBeta, device, training).reshape(1, -1, 1, 1)) {
            normalized = centred.div(variance.add(GUIDANCE_BN_EPSILON).sqrt()).add(beta);
        }
        NDArray mixed = h.mul(store.getValue(guideLambda, device, training))
                .add(normalized.mul(store.getValue(guideMu, device, training)));
        NDArray activated = Activation.leakyRelu(mixed, ContextAggregationNetwork.LEAKY_SLOPE);
        return Conv2d.conv2d(activated, store.getValue(guideWeight2, device, training),
                store.getValue(guideBias2, device, training)).singletonOrThrow();
    }

    /** Per-channel mean over height and width (1×C×1×1) of a 1×C×H×W array: the engine reduces one axis at a time. */
    private static NDArray imageMean(NDArray x) {
        if (x.getShape().get(0) != 1) {
            throw new IllegalArgumentException("the guidance map's per-image statistics need batch 1, got " + x.getShape());
        }
        return x.mean(new int[] {3}, true).mean(new int[] {2}, true);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        if (inputShapes.length == 1) {
            return new Shape[] {inputShapes[0], inputShapes[0]};
        }
        Shape full = inputShapes[0];
        return new Shape[] {new Shape(full.get(0), 3, full.get(2), full.get(3))};
    }

    /**
     * Starts the guidance map as the identity on non-negative inputs: the first convolution passes channels 0–2
     * through (its other rows Xavier-random, so they learn), the second takes back channels 0–2 (its other
     * columns zero). Leaky ReLU is the identity on [0, 1], so G(x) = x until training changes it.
     */
    private record PassThroughInitializer(boolean output) implements Initializer {
        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            int columns = (int) shape.get(1);
            float[] values = output ? new float[(int) shape.size()]
                    : new XavierInitializer().initialize(manager, shape, DataType.FLOAT32).toFloatArray();
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    values[i * columns + j] = i == j ? 1f : 0f;
                }
            }
            return manager.create(values, shape).toType(dataType, false);
        }
    }
}
