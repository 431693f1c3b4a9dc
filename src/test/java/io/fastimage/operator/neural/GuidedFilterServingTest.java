package io.fastimage.operator.neural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.ChannelOrder;
import io.fastimage.model.ImageTensors;
import io.fastimage.model.ModelDescriptor;
import io.fastimage.model.ModelDirectory;
import io.fastimage.model.OutputQuantization;
import io.fastimage.model.PlaneContext;
import io.fastimage.model.can.CanArchitecture;
import io.fastimage.model.guided.GuidedFilterNetwork;
import io.fastimage.model.guided.GuidedFilterSpec;
import io.fastimage.operator.Network;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guided filter network served through the repository like any other (its kind's own translator: DJL at low
 * resolution, Java at full resolution) gives the bytes of the whole-image block, and stops when cancelled.
 */
class GuidedFilterServingTest {

    private static final GuidedFilterSpec SPEC = new GuidedFilterSpec(16, 1, 1e-4, 6,
            new CanArchitecture(4, List.of(1, 2, 1), 3, 1e-3));

    @Test
    void servedResultEqualsTheWholeImageBlockAndCancellationStopsIt(@TempDir Path root) throws Exception {
        Rgb8Image photo = ModelRepositoryTest.randomImage(150, 90, 4);
        Rgb8Image expected;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            manager.getEngine().setRandomSeed(8);
            GuidedFilterNetwork network = new GuidedFilterNetwork(SPEC, GuidedFilterNetwork.Initialization.IDENTITY);
            network.initialize(manager);
            Random random = new Random(1);
            network.namedParameters().forEach((name, parameter) -> {
                if (name.startsWith("guidance.") || name.endsWith(".mu")) {
                    float[] values = new float[(int) parameter.getShape().size()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = (float) (0.3 * random.nextGaussian() + (name.endsWith("lambda") ? 1 : 0));
                    }
                    network.assign(name, values);
                }
            });
            ModelDirectory.write(root.resolve("l0-smoothing").resolve("guided"), network, new ModelDirectory.Metadata(
                    "l0-smoothing", ChannelOrder.RGB, OutputQuantization.ROUND,
                    new ModelDescriptor.Provenance("test", "none", 0L, "2026-11-30", "test"), List.of()));
            float[] whole = network.forward(new ParameterStore(manager, false),
                    network.inputs(manager, photo, ChannelOrder.RGB, PlaneContext.whole(Map.of(), "l0-smoothing")), false).singletonOrThrow().toFloatArray();
            expected = ImageTensors.toImage(whole, photo.width(), photo.height(), ChannelOrder.RGB, OutputQuantization.ROUND);
        }
        try (ModelRepository repository = ModelRepository.load(root, Device.cpu(), 1, Set.of("l0-smoothing"))) {
            Network served = repository.variants("l0-smoothing").orElseThrow().choose("guided").network();
            assertThat(served).as(repository.unavailableReason("l0-smoothing").orElse("")).isNotNull();
            assertThat(served.apply(photo)).isEqualTo(expected);

            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> served.apply(photo)).isInstanceOf(CancellationException.class);
            } finally {
                Thread.interrupted();
            }
            // Interrupted while it runs (in the low-resolution part or between strips of the Java stage): still
            // a cancellation, not an inference failure, and the worker is free well before the image would be done.
            Rgb8Image large = ModelRepositoryTest.randomImage(4000, 3000, 5);
            Thread worker = Thread.currentThread();
            Thread interrupter = new Thread(() -> {
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    return;
                }
                worker.interrupt();
            });
            interrupter.start();
            try {
                assertThatThrownBy(() -> served.apply(large)).isInstanceOf(CancellationException.class);
            } finally {
                interrupter.join();
                Thread.interrupted();
            }
        }
    }
}
