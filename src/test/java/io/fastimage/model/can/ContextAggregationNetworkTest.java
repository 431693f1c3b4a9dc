package io.fastimage.model.can;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextAggregationNetworkTest {

    @Test
    void can24AndCan32HaveThePapersShapesAndParameterCounts() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            for (CanArchitecture architecture : List.of(CanArchitecture.can24(), CanArchitecture.can32())) {
                ContextAggregationNetwork network = new ContextAggregationNetwork(architecture,
                        NormalizationStatistics.PER_IMAGE, ContextAggregationNetwork.Initialization.XAVIER);
                network.initialize(manager);
                NDArray output = forward(network, manager.randomUniform(0, 1, new Shape(1, 3, 17, 23)), false);
                assertThat(output.getShape()).isEqualTo(new Shape(1, 3, 17, 23));
                assertThat(network.namedParameters().get("layer1.weight").getShape())
                        .isEqualTo(new Shape(architecture.width(), 3, 3, 3));
                long trainable = network.namedParameters().entrySet().stream()
                        .filter(e -> !e.getKey().contains("running"))
                        .mapToLong(e -> e.getValue().getShape().size()).sum();
                assertThat(trainable).isEqualTo(architecture.trainableParameterCount());
            }
        }
        // The authors' CAN24+AN has 37,219 trainable parameters (conformance README).
        assertThat(CanArchitecture.can24().trainableParameterCount()).isEqualTo(37_219);
        assertThat(CanArchitecture.can24().dilations()).containsExactly(1, 2, 4, 8, 16, 32, 64, 1);
        assertThat(CanArchitecture.can32().dilations()).containsExactly(1, 2, 4, 8, 16, 32, 64, 128, 1);
    }

    /**
     * The dilated convolution equals a plain-Java one for input channel counts oneDNN stores in whole blocks (3, 24,
     * 32) and for those it would pad (13 and 14, the combined and textured networks): under AVX2 on an AMD EPYC of
     * family 26, libtorch's own result for 13 channels was wrong (ContextAggregationNetwork#dilatedConvolution).
     * The shapes are the first layer's (32 outputs, dilation 1; 48x48 as the service's load probe, where the defect
     * showed) and a dilated one with a bias, as folded inference passes; every channel carries signal, as the task
     * planes in the partial block did. The gradient reaching the original kernels is the sum of the inputs under
     * each tap. Without the padding this failed for 13 channels on that CPU (checked).
     */
    @Test
    void theDilatedConvolutionEqualsAPlainJavaConvolutionForEveryChannelCount() {
        for (int channels : new int[] {3, 13, 14, 24, 32}) {
            for (int dilation : new int[] {1, 4}) {
                assertConvolutionMatchesPlainJava(channels, 3, dilation, 32);
            }
        }
    }

    /** The output's 1×1 convolution of a width that oneDNN would pad (12) and of whole blocks (24). */
    @Test
    void theOutputConvolutionEqualsAPlainJavaConvolutionForWidthsInAndOutOfWholeBlocks() {
        for (int width : new int[] {12, 24}) {
            assertConvolutionMatchesPlainJava(width, 1, 1, CanArchitecture.OUTPUT_CHANNELS);
        }
    }

    private static void assertConvolutionMatchesPlainJava(int channels, int kernel, int dilation, int outputs) {
        int size = 48;
        int taps = kernel * kernel;
        String label = channels + " channels, " + kernel + "x" + kernel + ", dilation " + dilation;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = manager.randomUniform(0, 1, new Shape(1, channels, size, size));
            NDArray weight = manager.randomUniform(-1, 1, new Shape(outputs, channels, kernel, kernel));
            weight.setRequiresGradient(true);
            NDArray bias = dilation == 1 && kernel == 3 ? null : manager.randomUniform(-1, 1, new Shape(outputs));
            float[] expected = plainConvolution(x.toFloatArray(), weight.toFloatArray(),
                    bias == null ? new float[outputs] : bias.toFloatArray(), channels, size, kernel, dilation);
            float[] actual;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray output = ContextAggregationNetwork.dilatedConvolution(x, weight, bias, dilation);
                actual = output.toFloatArray();
                collector.backward(output.sum());
            }
            for (int i = 0; i < expected.length; i++) {
                assertThat((double) actual[i]).as(label + ", value " + i)
                        .isCloseTo(expected[i], within(1e-3 * (1 + Math.abs(expected[i]))));
            }
            // d(sum of outputs)/d(centre tap of the last channel, any output) is the sum of that channel's inputs.
            float[] gradient = weight.getGradient().toFloatArray();
            assertThat(gradient).hasSize(outputs * channels * taps);
            double lastChannelSum = x.get(0, channels - 1).sum().getFloat();
            assertThat((double) gradient[((outputs - 1) * channels + channels - 1) * taps + taps / 2])
                    .as(label + ", gradient")
                    .isCloseTo(lastChannelSum, within(1e-3 * lastChannelSum));
        }
    }

    /**
     * Zero-padded "same" kxk convolution (k odd) of a CxSxS image with OIHW kernels and a bias, dilated by
     * {@code dilation}.
     */
    private static float[] plainConvolution(float[] x, float[] weight, float[] bias, int channels, int size, int kernel,
                                            int dilation) {
        int centre = kernel / 2;
        int outputs = bias.length;
        float[] result = new float[outputs * size * size];
        for (int o = 0; o < outputs; o++) {
            for (int y = 0; y < size; y++) {
                for (int xx = 0; xx < size; xx++) {
                    double sum = bias[o];
                    for (int c = 0; c < channels; c++) {
                        for (int ky = 0; ky < kernel; ky++) {
                            for (int kx = 0; kx < kernel; kx++) {
                                int sy = y + (ky - centre) * dilation;
                                int sx = xx + (kx - centre) * dilation;
                                if (sy >= 0 && sy < size && sx >= 0 && sx < size) {
                                    sum += weight[((o * channels + c) * kernel + ky) * kernel + kx]
                                            * x[(c * size + sy) * size + sx];
                                }
                            }
                        }
                    }
                    result[(o * size + y) * size + xx] = (float) sum;
                }
            }
        }
        return result;
    }

    /**
     * A one-layer CAN of width 2 on a 1x3x2x2 input, computed by hand: 3x3 kernels with only the centre
     * tap set, adaptive normalization with per-image or running statistics, leaky ReLU, 1x1 output conv.
     */
    @Test
    void adaptiveNormalizationMatchesAHandComputationInBothStatisticsModes() {
        float[] input = {0.1f, 0.9f, 0.4f, 0.2f, /* ch1 */ 0.5f, 0.3f, 0.8f, 0.6f, /* ch2 */ 0f, 1f, 0f, 1f};
        float lambda = HAND_LAMBDA;
        float mu = HAND_MU;
        float[] beta = HAND_BETA;
        float[] runningMean = HAND_RUNNING_MEAN;
        float[] runningVar = HAND_RUNNING_VAR;
        double eps = HAND_EPSILON;
        for (NormalizationStatistics statistics : NormalizationStatistics.values()) {
            try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
                ContextAggregationNetwork network = handNetwork(manager, statistics);
                float[] out = forward(network, manager.create(input, new Shape(1, 3, 2, 2)), false).toFloatArray();

                double[][] conv = new double[2][4];
                for (int p = 0; p < 4; p++) {
                    conv[0][p] = input[p] - input[4 + p];
                    conv[1][p] = 2 * input[8 + p];
                }
                double[][] activated = new double[2][4];
                for (int c = 0; c < 2; c++) {
                    double mean = 0;
                    double var = 0;
                    if (statistics == NormalizationStatistics.PER_IMAGE) {
                        for (double v : conv[c]) {
                            mean += v / 4;
                        }
                        for (double v : conv[c]) {
                            var += (v - mean) * (v - mean) / 4;
                        }
                    } else {
                        mean = runningMean[c];
                        var = runningVar[c];
                    }
                    for (int p = 0; p < 4; p++) {
                        double bn = (conv[c][p] - mean) / Math.sqrt(var + eps) + beta[c];
                        double mixed = lambda * conv[c][p] + mu * bn;
                        activated[c][p] = Math.max(0.2 * mixed, mixed);
                    }
                }
                for (int p = 0; p < 4; p++) {
                    assertThat(out[p]).as(statistics + " r").isCloseTo((float) activated[0][p], within(1e-5f));
                    assertThat(out[4 + p]).as(statistics + " g").isCloseTo((float) activated[1][p], within(1e-5f));
                    assertThat(out[8 + p]).as(statistics + " b")
                            .isCloseTo((float) (activated[0][p] + activated[1][p] + 0.5), within(1e-5f));
                }
                // Inference never changes the stored statistics.
                assertThat(network.namedParameters().get("layer1.runningMean").getArray().toFloatArray())
                        .containsExactly(runningMean);
            }
        }
    }

    @Test
    void identityInitializationPassesNonNegativeInputThroughTheConvolutionStack() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            ContextAggregationNetwork network = new ContextAggregationNetwork(
                    new CanArchitecture(4, CanArchitecture.standardDilations(4), 3, 1e-3),
                    NormalizationStatistics.PER_IMAGE, ContextAggregationNetwork.Initialization.IDENTITY);
            network.initialize(manager);
            float[] identityOut = new float[3 * 4];
            for (int c = 0; c < 3; c++) {
                identityOut[c * 4 + c] = 1f;
            }
            network.assign("output.weight", identityOut);
            NDArray input = manager.randomUniform(0, 1, new Shape(1, 3, 9, 11));
            NDArray output = forward(network, input, false);
            assertThat(output.sub(input).abs().max().getFloat()).isLessThan(1e-6f);
        }
    }

    @Test
    void trainingModeRecordsTheGraphSoGradientsReachEveryLayer() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            ContextAggregationNetwork network = new ContextAggregationNetwork(
                    new CanArchitecture(4, CanArchitecture.standardDilations(3), 3, 1e-3),
                    NormalizationStatistics.PER_IMAGE, ContextAggregationNetwork.Initialization.XAVIER);
            network.initialize(manager);
            for (int layer = 1; layer <= 3; layer++) {
                // μ starts at 0, which would (correctly) give β no gradient at all.
                network.assign("layer" + layer + ".mu", new float[] {0.5f});
            }
            network.namedParameters().values().forEach(p -> p.getArray().setRequiresGradient(p.requiresGradient()));
            NDArray input = manager.randomUniform(0, 1, new Shape(2, 3, 12, 12));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = forward(network, input, true).square().mean();
                collector.backward(loss);
            }
            for (String name : List.of("layer1.weight", "layer1.beta", "layer2.mu", "layer3.lambda", "output.weight")) {
                NDArray gradient = network.namedParameters().get(name).getArray().getGradient();
                assertThat(gradient.abs().sum().getFloat()).as(name).isGreaterThan(0f);
            }
        }
    }

    /**
     * Frozen statistics: a training forward pass of the frozen copy computes what inference computes (the stored
     * statistics, not the batch's), leaves the statistics as they were, and still passes gradients to every
     * trainable parameter; the unfrozen network in training normalizes with the batch and moves its averages.
     */
    @Test
    void frozenStatisticsTrainTheFunctionThatInferenceComputes() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray input = manager.randomUniform(0, 1, new Shape(2, 3, 5, 4));
            ContextAggregationNetwork running = handNetwork(manager, NormalizationStatistics.RUNNING);
            ContextAggregationNetwork frozen = running.withFrozenStatistics(manager);
            assertThat(frozen.frozenStatistics()).isTrue();
            assertThat(running.frozenStatistics()).isFalse();
            float[] inference = forward(running, input, false).toFloatArray();

            frozen.namedParameters().values().forEach(p -> p.getArray().setRequiresGradient(p.requiresGradient()));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray output = forward(frozen, input, true);
                assertThat(output.toFloatArray()).containsExactly(inference, within(1e-5f));
                collector.backward(output.square().mean());
            }
            for (String name : List.of("layer1.weight", "layer1.beta", "layer1.lambda", "layer1.mu", "output.weight")) {
                NDArray gradient = frozen.namedParameters().get(name).getArray().getGradient();
                assertThat(gradient.abs().sum().getFloat()).as(name).isGreaterThan(0f);
            }
            assertThat(frozen.namedParameters().get("layer1.runningMean").getArray().toFloatArray())
                    .containsExactly(HAND_RUNNING_MEAN);
            assertThat(frozen.namedParameters().get("layer1.runningVar").getArray().toFloatArray())
                    .containsExactly(HAND_RUNNING_VAR);

            float[] batchNormalized = forward(running, input, true).toFloatArray();
            assertThat(maxDifference(batchNormalized, inference)).isGreaterThan(1e-2f);
            assertThat(running.namedParameters().get("layer1.runningMean").getArray().toFloatArray())
                    .isNotEqualTo(HAND_RUNNING_MEAN);
        }
    }

    @Test
    void onlyRunningStatisticsFreeze() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            ContextAggregationNetwork perImage = handNetwork(manager, NormalizationStatistics.PER_IMAGE);
            assertThatThrownBy(() -> perImage.withFrozenStatistics(manager))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("per-image");
        }
    }

    private static float maxDifference(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /**
     * A 1×1 image with per-image statistics: each channel's one value is its own mean, so BN gives the shift
     * alone (torch's batch_norm refuses one value per channel; the service got a 500 for 1×1 uploads).
     */
    @Test
    void aOnePixelImageWithPerImageStatisticsNormalizesToTheShift() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            ContextAggregationNetwork network = handNetwork(manager, NormalizationStatistics.PER_IMAGE);
            float[] out = forward(network, manager.create(new float[] {0.9f, 0.3f, 0.4f}, new Shape(1, 3, 1, 1)), false)
                    .toFloatArray();
            double h0 = HAND_LAMBDA * (0.9 - 0.3) + HAND_MU * HAND_BETA[0];
            double h1 = HAND_LAMBDA * (2 * 0.4) + HAND_MU * HAND_BETA[1];
            h0 = Math.max(0.2 * h0, h0);
            h1 = Math.max(0.2 * h1, h1);
            assertThat(out).containsExactly(new float[] {(float) h0, (float) h1, (float) (h0 + h1 + 0.5)}, within(1e-6f));
        }
    }

    private static final float HAND_LAMBDA = 0.5f;
    private static final float HAND_MU = 2f;
    private static final float[] HAND_BETA = {0.1f, -0.2f};
    private static final float[] HAND_RUNNING_MEAN = {0.3f, 0.1f};
    private static final float[] HAND_RUNNING_VAR = {0.04f, 0.25f};
    private static final double HAND_EPSILON = 1e-3;

    /**
     * A one-layer CAN of width 2 whose result can be computed by hand: 3x3 kernels with only the centre tap set
     * (channel 0 = input ch0 − input ch1, channel 1 = 2 · input ch2), λ, μ, β and running statistics from the
     * HAND_ constants; output r = ch0, g = ch1, b = ch0 + ch1 + 0.5.
     */
    private static ContextAggregationNetwork handNetwork(NDManager manager, NormalizationStatistics statistics) {
        ContextAggregationNetwork network = new ContextAggregationNetwork(
                new CanArchitecture(2, List.of(1), 3, HAND_EPSILON), statistics, ContextAggregationNetwork.Initialization.XAVIER);
        network.initialize(manager);
        float[] kernel = new float[2 * 3 * 9];
        kernel[(0 * 3 + 0) * 9 + 4] = 1f;
        kernel[(0 * 3 + 1) * 9 + 4] = -1f;
        kernel[(1 * 3 + 2) * 9 + 4] = 2f;
        network.assign("layer1.weight", kernel);
        network.assign("layer1.lambda", new float[] {HAND_LAMBDA});
        network.assign("layer1.mu", new float[] {HAND_MU});
        network.assign("layer1.beta", HAND_BETA);
        network.assign("layer1.runningMean", HAND_RUNNING_MEAN);
        network.assign("layer1.runningVar", HAND_RUNNING_VAR);
        network.assign("output.weight", new float[] {1, 0, 0, 1, 1, 1});
        network.assign("output.bias", new float[] {0, 0, 0.5f});
        return network;
    }

    private static NDArray forward(ContextAggregationNetwork network, NDArray input, boolean training) {
        return network.forward(new ParameterStore(input.getManager(), false), new NDList(input), training)
                .singletonOrThrow();
    }
}
