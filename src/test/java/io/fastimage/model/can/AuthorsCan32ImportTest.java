package io.fastimage.model.can;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.ChannelOrder;
import io.fastimage.model.ImageTensors;
import io.fastimage.model.InputPlane;
import io.fastimage.model.InputPlanes;
import io.fastimage.model.PlaneContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The authors' two CAN32 bundles with extra input planes, imported, compute what the authors' network
 * computes. There are no published outputs for them, so the reference is an independent plain-Java
 * reimplementation of their TensorFlow graph from ../shared/pretrained/README.md, reading the checkpoint's
 * raw HWIO tensors: input = BGR colour in [0, 1] concatenated with the extra planes; per layer a dilated 3×3
 * convolution with zero padding, {@code w0·z + w1·(BN(z) + beta)} with the image's own statistics (ε 0.001),
 * leaky ReLU 0.2; then a 1×1 convolution with biases. Run on a tiny image so that loops suffice.
 */
class AuthorsCan32ImportTest {

    private static final Path PRETRAINED = Path.of("..", "shared", "pretrained");
    private static final Path COMBINED = PRETRAINED.resolve("combined-can32");
    private static final Path PARAMETERIZED = PRETRAINED.resolve("parameterized-l0-can32");
    private static final int WIDTH = 13;
    private static final int HEIGHT = 10;

    @Test
    void combinedNetworkWithItsTenTaskPlanesComputesWhatTheAuthorsGraphComputes() throws Exception {
        InputPlanes tasks = new InputPlanes(TfCheckpointImporter.AUTHORS_COMBINED_TASKS.stream()
                .<InputPlane>map(InputPlane.Task::new).toList());
        Rgb8Image image = randomImage(1);
        // Pencil drawing is the sixth task: its plane alone is 1.
        double[] extra = new double[10];
        extra[5] = 1;
        float[] ours = imported(COMBINED, tasks, image, PlaneContext.whole(Map.of(), "pencil-drawing"));
        double[] theirs = reference(COMBINED, image, extra);
        assertThat(maxDifference(ours, theirs)).isLessThan(2e-5);
        // Another task gives another answer from the same weights.
        float[] dehaze = imported(COMBINED, tasks, image, PlaneContext.whole(Map.of(), "nonlocal-dehazing"));
        assertThat(maxDifference(dehaze, theirs)).isGreaterThan(1e-2);
    }

    @Test
    void parameterizedNetworkWithItsConstantPlaneComputesWhatTheAuthorsGraphComputes() throws Exception {
        // Identity mapping: the plane holds the value given, as the authors' demo feeds it.
        InputPlanes plane = new InputPlanes(List.of(
                new InputPlane.Parameter("value", 0.01, 1.0, InputPlane.Scale.LINEAR, 0.01, 1.0, 0.5)));
        Rgb8Image image = randomImage(2);
        for (double value : new double[] {0.05, 0.7}) {
            float[] ours = imported(PARAMETERIZED, plane, image, PlaneContext.whole(Map.of("value", value), "l0-smoothing"));
            double[] theirs = reference(PARAMETERIZED, image, new double[] {value});
            assertThat(maxDifference(ours, theirs)).as("plane value %s", value).isLessThan(2e-5);
        }
    }

    /** Our imported network's float output (BGR planes, before clipping) with the authors' conventions. */
    private static float[] imported(Path bundle, InputPlanes inputs, Rgb8Image image, PlaneContext context) throws Exception {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            ContextAggregationNetwork network = TfCheckpointImporter.readNetwork(bundle, TfCheckpointImporter.DEFAULT_PREFIX,
                    CanArchitecture.AUTHORS_EPSILON, TfCheckpointImporter.Conversion.AUTHORS.withInputs(inputs), manager);
            assertThat(network.architecture().inputChannels()).isEqualTo(3 + inputs.extra().size());
            assertThat(network.architecture().width()).isEqualTo(32);
            return network.forward(new ParameterStore(manager, false),
                    new NDList(ImageTensors.toTensor(manager, image, ChannelOrder.BGR, inputs, context)), false)
                    .singletonOrThrow().toFloatArray();
        }
    }

    /** The authors' graph on {@code image} (BGR) with constant {@code extra} planes, in double precision. */
    private static double[] reference(Path bundle, Rgb8Image image, double[] extra) throws Exception {
        TfCheckpointReader tensors = TfCheckpointReader.open(bundle, TfCheckpointImporter.DEFAULT_PREFIX);
        int pixels = WIDTH * HEIGHT;
        double[][] x = new double[3 + extra.length][pixels];
        for (int p = 0; p < pixels; p++) {
            for (int c = 0; c < 3; c++) {
                x[2 - c][p] = (image.pixels()[3 * p + c] & 0xff) / 255.0;
            }
            for (int k = 0; k < extra.length; k++) {
                x[3 + k][p] = extra[k];
            }
        }
        List<String> layers = new ArrayList<>();
        for (int n = 1; tensors.names().contains("g_conv" + n + "/weights"); n++) {
            layers.add("g_conv" + n);
        }
        for (int l = 0; l < layers.size(); l++) {
            int dilation = l == layers.size() - 1 ? 1 : 1 << l;
            String scope = layers.get(l);
            CheckpointTensors.FloatTensor w = tensors.read(scope + "/weights").orElseThrow();
            int in = (int) w.shape()[2];
            int out = (int) w.shape()[3];
            float[] beta = tensors.read(scope + "/BatchNorm/beta").orElseThrow().values();
            double w0 = tensors.read(scope + "/w0").orElseThrow().values()[0];
            double w1 = tensors.read(scope + "/w1").orElseThrow().values()[0];
            double[][] next = new double[out][pixels];
            for (int o = 0; o < out; o++) {
                double[] z = new double[pixels];
                for (int y = 0; y < HEIGHT; y++) {
                    for (int xx = 0; xx < WIDTH; xx++) {
                        double sum = 0;
                        for (int ky = 0; ky < 3; ky++) {
                            int sy = y + (ky - 1) * dilation;
                            for (int kx = 0; kx < 3; kx++) {
                                int sx = xx + (kx - 1) * dilation;
                                if (sy < 0 || sy >= HEIGHT || sx < 0 || sx >= WIDTH) {
                                    continue;
                                }
                                for (int i = 0; i < in; i++) {
                                    sum += w.values()[((ky * 3 + kx) * in + i) * out + o] * x[i][sy * WIDTH + sx];
                                }
                            }
                        }
                        z[y * WIDTH + xx] = sum;
                    }
                }
                double mean = 0;
                for (double v : z) {
                    mean += v;
                }
                mean /= pixels;
                double variance = 0;
                for (double v : z) {
                    variance += (v - mean) * (v - mean);
                }
                variance /= pixels;
                for (int p = 0; p < pixels; p++) {
                    double normalized = (z[p] - mean) / Math.sqrt(variance + 1e-3) + beta[o];
                    double mixed = w0 * z[p] + w1 * normalized;
                    next[o][p] = Math.max(0.2 * mixed, mixed);
                }
            }
            x = next;
        }
        CheckpointTensors.FloatTensor last = tensors.read("g_conv_last/weights").orElseThrow();
        float[] bias = tensors.read("g_conv_last/biases").orElseThrow().values();
        int width = x.length;
        double[] result = new double[3 * pixels];
        for (int o = 0; o < 3; o++) {
            for (int p = 0; p < pixels; p++) {
                double sum = bias[o];
                for (int i = 0; i < width; i++) {
                    sum += last.values()[i * 3 + o] * x[i][p];
                }
                result[o * pixels + p] = sum;
            }
        }
        return result;
    }

    private static Rgb8Image randomImage(long seed) {
        byte[] pixels = new byte[3 * WIDTH * HEIGHT];
        new Random(seed).nextBytes(pixels);
        return new Rgb8Image(WIDTH, HEIGHT, pixels);
    }

    private static double maxDifference(float[] ours, double[] theirs) {
        assertThat(ours).hasSameSizeAs(theirs);
        double max = 0;
        for (int i = 0; i < ours.length; i++) {
            max = Math.max(max, Math.abs(ours[i] - theirs[i]));
        }
        return max;
    }
}
