package io.fastimage.model.can;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.fastimage.ConformanceKit;
import io.fastimage.image.Resampling;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.ChannelOrder;
import io.fastimage.model.ImageTensors;
import io.fastimage.model.PlaneContext;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Turning the authors' per-image statistics into running ones: calibrated on one image, the running
 * network computes on that image exactly what the per-image network does (its statistics are that
 * image's, layer by layer), and it is then folded and image-independent.
 */
class RunningStatisticsCalibrationTest {

    @Test
    void calibratedOnOneImageTheRunningNetworkEqualsThePerImageNetworkOnIt() throws IOException {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray image = manager.randomUniform(0f, 1f, new Shape(1, 3, 96, 128));
            NDArray other = manager.randomUniform(0.2f, 0.6f, new Shape(1, 3, 96, 128));
            ContextAggregationNetwork perImage = perImageInRgb(manager);
            ContextAggregationNetwork running = perImage.withStatistics(NormalizationStatistics.RUNNING, manager);
            running.calibrateRunningStatistics(List.of(image));

            assertThat(largestDifference(perImage, running, image, manager)).isLessThan(1e-4f);
            // ... while on another image the two differ: the running network's statistics are fixed.
            assertThat(largestDifference(perImage, running, other, manager)).isGreaterThan(1e-2f);
        }
    }

    /**
     * What serving does for a per-image network on an image above the tile budget: a copy whose statistics are
     * those of one image, measured in one forward pass, computes on that image what the per-image network does
     * (the same statistics as the layer-by-layer calibration).
     */
    @Test
    void aCopyWithTheStatisticsOfOneImageEqualsThePerImageNetworkOnIt() throws IOException {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            ContextAggregationNetwork perImage = perImageInRgb(manager);
            Rgb8Image photo = Resampling.toLongSide(ConformanceKit.photo(ConformanceKit.PHOTO), 128);
            NDArray image = ImageTensors.toTensor(manager, photo, ChannelOrder.RGB);
            ContextAggregationNetwork calibrated = perImage.withStatistics(NormalizationStatistics.RUNNING, manager);
            calibrated.calibrateRunningStatistics(List.of(image));

            ContextAggregationNetwork fixed = fixedTo(perImage, photo, manager);

            assertThat(fixed.statistics()).isEqualTo(NormalizationStatistics.RUNNING);
            assertThat(largestDifference(perImage, fixed, image, manager)).isLessThan(1e-4f);
            for (String name : List.of("layer1.runningVar", "layer5.runningMean", "layer7.runningVar")) {
                float[] measured = fixed.namedParameters().get(name).getArray().toFloatArray();
                float[] expected = calibrated.namedParameters().get(name).getArray().toFloatArray();
                for (int c = 0; c < measured.length; c++) {
                    assertThat(measured[c]).as(name + "[" + c + "]").isCloseTo(expected[c], within(1e-5f + 1e-4f * Math.abs(expected[c])));
                }
            }
            assertThat(calibrated.withStatisticsOf(photo, ChannelOrder.RGB, L0, manager))
                    .as("a running network's statistics are fixed already").isEmpty();
        }
    }

    /**
     * Serving runs these paths at every request on a model that lives as long as the service: whatever they
     * leave on the parameters' manager (the folded scale and bias, their intermediates) would accumulate.
     */
    @Test
    void foldedInferenceAndFixingStatisticsLeaveNoArraysBehind() throws IOException {
        try (NDManager model = NDManager.newBaseManager(Device.cpu())) {
            ContextAggregationNetwork perImage = perImageInRgb(model);
            Rgb8Image photo = Resampling.toLongSide(ConformanceKit.photo(ConformanceKit.PHOTO), 96);
            ContextAggregationNetwork fixed = fixedTo(perImage, photo, model);
            int parameters = model.getManagedArrays().size();
            try (NDManager request = model.newSubManager()) {
                NDArray image = ImageTensors.toTensor(request, photo, ChannelOrder.RGB);
                for (int i = 0; i < 3; i++) {
                    forward(fixed, image, request);
                }
                fixedTo(perImage, photo, request);
            }

            assertThat(model.getManagedArrays()).hasSize(parameters);
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

    private static final PlaneContext L0 = PlaneContext.whole(Map.of(), "l0-smoothing");

    /** The authors' L0 release in this project's conventions (RGB), keeping its per-image statistics. */
    private static ContextAggregationNetwork perImageInRgb(NDManager manager) throws IOException {
        TfCheckpointReader reader = TfCheckpointReader.open(TfCheckpointReaderTest.CHECKPOINT, TfCheckpointImporter.DEFAULT_PREFIX);
        return TfCheckpointImporter.toNetwork(reader, CanArchitecture.AUTHORS_EPSILON,
                TfCheckpointImporter.Conversion.project(List.of()), manager);
    }

    private static ContextAggregationNetwork fixedTo(ContextAggregationNetwork perImage, Rgb8Image photo, NDManager manager) {
        return (ContextAggregationNetwork) perImage.withStatisticsOf(photo, ChannelOrder.RGB, L0, manager).orElseThrow();
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
