package io.fastimage.model.guided;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.ChannelOrder;
import io.fastimage.model.ImageTensors;
import io.fastimage.model.OutputQuantization;
import io.fastimage.model.PlaneContext;
import io.fastimage.model.can.CanArchitecture;
import io.fastimage.operator.exact.GuidedFilter;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GuidedFilterNetworkTest {

    private static final CanArchitecture TINY_CAN = new CanArchitecture(4, List.of(1, 2, 1), 3, 1e-3);

    /**
     * The layer's A and B (not box-averaged, as in the paper) box-averaged once more with the layer's own box
     * mean give the classic guided filter {@code mean(A)·I + mean(B)} of {@code GuidedFilter} (He et al.), which
     * averages them: with guide = input the two definitions coincide there, per channel.
     */
    @Test
    void layerWithTheInputAsGuideEqualsTheExactGuidedFilter() {
        int width = 37;
        int height = 23;
        Random random = new Random(3);
        float[] guide = new float[3 * width * height];
        float[] input = new float[guide.length];
        for (int i = 0; i < guide.length; i++) {
            guide[i] = random.nextFloat();
            input[i] = 0.5f * guide[i] + 0.5f * random.nextFloat();
        }
        for (int radius : new int[] {1, 2}) {
            double epsilon = 1e-3;
            try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
                NDArray g = manager.create(guide, new Shape(1, 3, height, width));
                NDArray p = manager.create(input, new Shape(1, 3, height, width));
                NDList ab = GuidedFilterNetwork.coefficients(g, p, radius, (float) epsilon);
                float[] layer = GuidedFilterNetwork.boxMean(ab.get(0), radius).mul(g)
                        .add(GuidedFilterNetwork.boxMean(ab.get(1), radius)).toFloatArray();
                int n = width * height;
                for (int c = 0; c < 3; c++) {
                    double[] guidePlane = new double[n];
                    double[] inputPlane = new double[n];
                    for (int i = 0; i < n; i++) {
                        guidePlane[i] = guide[c * n + i];
                        inputPlane[i] = input[c * n + i];
                    }
                    double[] exact = new GuidedFilter(radius, epsilon).filter(guidePlane, inputPlane, width, height);
                    for (int i = 0; i < n; i++) {
                        assertThat((double) layer[c * n + i]).as("channel %d pixel %d r %d", c, i, radius)
                                .isCloseTo(exact[i], org.assertj.core.api.Assertions.within(1e-5));
                    }
                }
            }
        }
    }

    /**
     * The low-resolution copy mirrored inside the graph is the copy that {@code Rgb8Image.cropMirrored} makes (as
     * the full-resolution CANs are served), and the network's output is cut back to the copy's size.
     */
    @Test
    void theMirroredBorderInsideTheBlockIsHalfSampleSymmetricAndCutBack() {
        Rgb8Image low = randomPhoto(9, 6, new Random(2));
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = ImageTensors.toTensor(manager, low, ChannelOrder.RGB);
            for (int margin : new int[] {0, 1, 4, 6, 20}) {
                int k = Math.min(margin, 6);
                float[][] seen = new float[1][];
                NDArray out = GuidedFilterNetwork.withMirroredBorder(x, margin, padded -> {
                    seen[0] = padded.toFloatArray();
                    return padded.mul(2);
                });
                float[] expected = ImageTensors.toTensor(manager, low.cropMirrored(-k, -k, 9 + 2 * k, 6 + 2 * k),
                        ChannelOrder.RGB).toFloatArray();
                assertThat(seen[0]).as("margin %d", margin).containsExactly(expected);
                assertThat(out.getShape()).isEqualTo(x.getShape());
                assertThat(out.toFloatArray()).containsExactly(x.mul(2).toFloatArray());
            }
        }
    }

    /** The Java full-resolution stage reproduces the block's whole-image output, and strips do not change it. */
    @Test
    void streamedJavaStageEqualsTheWholeImageBlockOutput() {
        for (int guidance : new int[] {0, 5}) {
            GuidedFilterSpec spec = new GuidedFilterSpec(16, 1, 1e-4, guidance, TINY_CAN);
            Engine.getInstance().setRandomSeed(11);
            try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
                GuidedFilterNetwork network = new GuidedFilterNetwork(spec, GuidedFilterNetwork.Initialization.XAVIER);
                network.initialize(manager);
                randomize(network, new Random(5));
                for (int[] size : new int[][] {{97, 61}, {40, 70}, {12, 9}, {1, 23}, {29, 1}}) {
                    Rgb8Image photo = randomPhoto(size[0], size[1], new Random(size[0]));
                    NDList inputs = network.inputs(manager, photo, ChannelOrder.RGB, PlaneContext.whole(Map.of(), "l0-smoothing"));
                    float[] whole = network.forward(new ParameterStore(manager, false), inputs, false)
                            .singletonOrThrow().toFloatArray();
                    Rgb8Image low = LowResolution.of(photo, spec.lowResolutionShortSide());
                    NDList ab = network.forward(new ParameterStore(manager, false), new NDList(inputs.get(1)), false);
                    FullResolutionStage stage = new FullResolutionStage(ab.get(0).toFloatArray(), ab.get(1).toFloatArray(),
                            low.width(), low.height(), network.guidanceMap(), ChannelOrder.RGB);
                    float[] streamed = new float[whole.length];
                    int pixels = photo.pixelCount();
                    stage.run(photo, 7, () -> { }, (y, planes) -> {
                        for (int k = 0; k < 3; k++) {
                            System.arraycopy(planes[k], 0, streamed, k * pixels + y * photo.width(), photo.width());
                        }
                    });
                    double worst = 0;
                    for (int i = 0; i < whole.length; i++) {
                        worst = Math.max(worst, Math.abs(whole[i] - streamed[i]));
                    }
                    assertThat(worst).as("guidance %d, %dx%d", guidance, size[0], size[1]).isLessThan(1e-5);
                    Rgb8Image expected = ImageTensors.toImage(whole, photo.width(), photo.height(), ChannelOrder.RGB,
                            OutputQuantization.ROUND);
                    for (int strip : new int[] {1, 7, 64, 1000}) {
                        assertThat(stage.apply(photo, OutputQuantization.ROUND, strip, () -> { }))
                                .as("guidance %d, %dx%d, strips of %d rows", guidance, size[0], size[1], strip)
                                .isEqualTo(expected);
                    }
                }
            }
        }
    }

    /** Inference leaves nothing on the parameters' manager, which serving keeps as long as the model. */
    @Test
    void inferenceLeavesNoArraysOnTheModelsManager() {
        GuidedFilterSpec spec = new GuidedFilterSpec(16, 1, 1e-4, 5, TINY_CAN);
        try (NDManager model = NDManager.newBaseManager(Device.cpu())) {
            GuidedFilterNetwork network = new GuidedFilterNetwork(spec, GuidedFilterNetwork.Initialization.XAVIER);
            network.initialize(model);
            int parameters = model.getManagedArrays().size();
            try (NDManager request = model.newSubManager()) {
                Rgb8Image photo = randomPhoto(40, 30, new Random(3));
                for (int i = 0; i < 3; i++) {
                    network.forward(new ParameterStore(request, false),
                            network.inputs(request, photo, ChannelOrder.RGB, PlaneContext.whole(Map.of(), "l0-smoothing")), false);
                }
            }

            assertThat(model.getManagedArrays()).hasSize(parameters);
        }
    }

    /**
     * The stage runs its checkpoint before every strip (on whichever core computes it), and a checkpoint that
     * throws stops every band at its next strip: the exception reaches the caller and the rest is never computed.
     */
    @Test
    void theJavaStageChecksForCancellationBeforeEveryStrip() {
        Rgb8Image photo = randomPhoto(30, 100, new Random(1));
        FullResolutionStage stage = new FullResolutionStage(new float[3 * 4 * 4], new float[3 * 4 * 4], 4, 4, null,
                ChannelOrder.RGB);
        AtomicInteger calls = new AtomicInteger();
        stage.apply(photo, OutputQuantization.ROUND, 16, calls::incrementAndGet);
        assertThat(calls.get()).isEqualTo(7);
        AtomicInteger rows = new AtomicInteger();
        AtomicInteger checks = new AtomicInteger();
        Rgb8Image tall = randomPhoto(30, 4000, new Random(2));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> stage.run(tall, 16, () -> {
            if (checks.incrementAndGet() > 2) {
                throw new java.util.concurrent.CancellationException("stop");
            }
        }, (y, planes) -> rows.incrementAndGet())).isInstanceOf(java.util.concurrent.CancellationException.class);
        // Only strips whose checkpoint passed are computed: two strips of 16 rows, whichever bands they were in.
        assertThat(rows.get()).isLessThanOrEqualTo(32);
    }

    /**
     * A request's timeout interrupts its thread, which may be waiting for the bands the other cores compute: it
     * stops them and throws at once instead of waiting for the rest of the photo. (With one core it computes
     * everything itself and its own checkpoint stops it.)
     */
    @Test
    void anInterruptWhileWaitingForTheOtherBandsCancelsThem() throws Exception {
        FullResolutionStage stage = new FullResolutionStage(new float[3 * 4 * 4], new float[3 * 4 * 4], 4, 4, null,
                ChannelOrder.RGB);
        Rgb8Image tall = randomPhoto(30, 4000, new Random(3));
        AtomicInteger rows = new AtomicInteger();
        java.util.concurrent.ExecutorService caller = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            long start = System.nanoTime();
            java.util.concurrent.Future<?> running = caller.submit(() -> stage.run(tall, 16, () -> {
                if (Thread.currentThread().isInterrupted()) {
                    throw new java.util.concurrent.CancellationException("interrupted");
                }
            }, (y, planes) -> {
                rows.incrementAndGet();
                if (y >= 2000) {
                    // The far half is slow (2 s in all): the caller's first band is done long before it.
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                }
            }));
            Thread.sleep(200);
            running.cancel(true);
            caller.shutdown();
            assertThat(caller.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(seconds).as("stopped within a strip of the interrupt, not after the whole photo").isLessThan(1.5);
            int written = rows.get();
            Thread.sleep(100);
            assertThat(rows.get()).as("the other bands stopped too").isLessThan(written + 16 * 64).isLessThan(4000);
        } finally {
            caller.shutdownNow();
        }
    }

    /** A fixed colour gain is in reach of the guided filter (A = gain): the loss falls within a few dozen steps. */
    @Test
    void lossOnASyntheticColourGainFallsWithinAFewDozenSteps() {
        float[] gain = {0.7f, 1.2f, 0.9f};
        GuidedFilterSpec spec = new GuidedFilterSpec(16, 1, 1e-4, 4, TINY_CAN);
        Engine.getInstance().setRandomSeed(2);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            GuidedFilterNetwork network = new GuidedFilterNetwork(spec, GuidedFilterNetwork.Initialization.IDENTITY);
            network.initialize(manager);
            Rgb8Image photo = randomPhoto(48, 40, new Random(9));
            NDList inputs = network.inputs(manager, photo, ChannelOrder.RGB, PlaneContext.whole(Map.of(), "l0-smoothing"));
            NDArray target = inputs.get(0).mul(manager.create(gain, new Shape(1, 3, 1, 1))).clip(0, 1);
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build();
            ParameterStore store = new ParameterStore(manager, false);
            double first = Double.NaN;
            double last = Double.NaN;
            for (int step = 0; step < 40; step++) {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = network.forward(store, inputs, true).singletonOrThrow().sub(target).square().mean();
                    collector.backward(loss);
                    last = loss.getFloat();
                    if (step == 0) {
                        first = last;
                    }
                }
                for (Map.Entry<String, Parameter> entry : network.namedParameters().entrySet()) {
                    Parameter parameter = entry.getValue();
                    if (parameter.requiresGradient()) {
                        adam.update(entry.getKey(), parameter.getArray(), parameter.getArray().getGradient());
                    }
                }
            }
            assertThat(last).as("loss after 40 steps, from %s", first).isLessThan(first / 4);
        }
    }

    private static void randomize(GuidedFilterNetwork network, Random random) {
        network.namedParameters().forEach((name, parameter) -> {
            float[] values = new float[(int) parameter.getShape().size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = name.contains("runningVar") ? 1f : (float) (0.5 * random.nextGaussian());
            }
            network.assign(name, values);
        });
    }

    static Rgb8Image randomPhoto(int width, int height, Random random) {
        byte[] pixels = new byte[3 * width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    // Smooth gradients plus noise: a photo-like mix of flat and textured areas.
                    double value = 128 + 90 * Math.sin((x + 3 * c) / 9.0) * Math.cos(y / 7.0) + 30 * random.nextGaussian();
                    pixels[3 * (y * width + x) + c] = (byte) Math.max(0, Math.min(255, (int) Math.round(value)));
                }
            }
        }
        return new Rgb8Image(width, height, pixels);
    }
}
