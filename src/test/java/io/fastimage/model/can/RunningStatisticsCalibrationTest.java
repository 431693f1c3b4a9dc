package io.fastimage.model.can;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Turning the authors' per-image statistics into running ones: calibrated on one image, the running
 * network computes on that image exactly what the per-image network does (its statistics are that
 * image's, layer by layer), and it is then folded and image-independent.
 */
class RunningStatisticsCalibrationTest {

    @Test
    void calibratedOnOneImageTheRunningNetworkEqualsThePerImageNetworkOnIt() throws IOException {
        TfCheckpointReader reader = TfCheckpointReader.open(TfCheckpointReaderTest.CHECKPOINT, TfCheckpointImporter.DEFAULT_PREFIX);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray image = manager.randomUniform(0f, 1f, new Shape(1, 3, 96, 128));
            NDArray other = manager.randomUniform(0.2f, 0.6f, new Shape(1, 3, 96, 128));
            ContextAggregationNetwork perImage = TfCheckpointImporter.toNetwork(reader, CanArchitecture.AUTHORS_EPSILON,
                    TfCheckpointImporter.Conversion.project(List.of()), manager);
            ContextAggregationNetwork running = perImage.withStatistics(NormalizationStatistics.RUNNING, manager);
            running.calibrateRunningStatistics(List.of(image));

            assertThat(largestDifference(perImage, running, image, manager)).isLessThan(1e-4f);
            // ... while on another image the two differ: the running network's statistics are fixed.
            assertThat(largestDifference(perImage, running, other, manager)).isGreaterThan(1e-2f);
        }
    }

    @Test
    void onlyRunningNetworksAreCalibrated() throws IOException {
        TfCheckpointReader reader = TfCheckpointReader.open(TfCheckpointReaderTest.CHECKPOINT, TfCheckpointImporter.DEFAULT_PREFIX);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            ContextAggregationNetwork perImage = TfCheckpointImporter.toNetwork(reader, CanArchitecture.AUTHORS_EPSILON, manager);
            assertThatThrownBy(() -> perImage.calibrateRunningStatistics(List.of(manager.zeros(new Shape(1, 3, 8, 8)))))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("per-image");
        }
    }

    private static float largestDifference(ContextAggregationNetwork a, ContextAggregationNetwork b, NDArray input,
                                           NDManager manager) {
        float[] x = forward(a, input, manager);
        float[] y = forward(b, input, manager);
        float largest = 0;
        for (int i = 0; i < x.length; i++) {
            largest = Math.max(largest, Math.abs(x[i] - y[i]));
        }
        return largest;
    }

    private static float[] forward(ContextAggregationNetwork network, NDArray input, NDManager manager) {
        return network.forward(new ParameterStore(manager, false), new NDList(input), false).singletonOrThrow().toFloatArray();
    }
}
