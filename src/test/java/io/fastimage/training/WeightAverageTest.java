package io.fastimage.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.fastimage.model.can.CanArchitecture;
import io.fastimage.model.can.ContextAggregationNetwork;
import io.fastimage.model.can.NormalizationStatistics;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightAverageTest {

    private static ContextAggregationNetwork network(NDManager manager) {
        ContextAggregationNetwork network = new ContextAggregationNetwork(new CanArchitecture(2, List.of(1), 3, 1e-3),
                NormalizationStatistics.RUNNING, ContextAggregationNetwork.Initialization.XAVIER);
        network.initialize(manager);
        return network;
    }

    private static float[] values(ContextAggregationNetwork network, String name) {
        return network.namedParameters().get(name).getArray().toFloatArray();
    }

    @Test
    void theAverageMovesByOneMinusTheDecayAndIsSwappedInUntilClosed() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            ContextAggregationNetwork network = network(manager);
            network.assign("output.bias", new float[] {0, 1, 2});
            network.assign("layer1.runningMean", new float[] {5, 5});
            try (WeightAverage average = new WeightAverage(network, 0.75f, manager)) {
                network.assign("output.bias", new float[] {4, 5, 6});
                average.update();
                network.assign("output.bias", new float[] {8, 9, 10});
                network.assign("layer1.runningMean", new float[] {7, 7});

                try (WeightAverage.Swap swap = average.swappedIn()) {
                    // 0.75 · (0, 1, 2) + 0.25 · (4, 5, 6); the stored statistics are not averaged.
                    assertThat(values(network, "output.bias")).containsExactly(new float[] {1, 2, 3}, within(1e-6f));
                    assertThat(values(network, "layer1.runningMean")).containsExactly(7, 7);
                }
                assertThat(values(network, "output.bias")).containsExactly(8, 9, 10);
            }
        }
    }

    @Test
    void aDecayOutsideTheOpenUnitIntervalIsRefused() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            ContextAggregationNetwork network = network(manager);
            for (float decay : new float[] {0, 1, -0.5f, Float.NaN}) {
                assertThatThrownBy(() -> new WeightAverage(network, decay, manager))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a decay in (0, 1)");
            }
        }
        // Settings take 0 for no average, and refuse what no average can have.
        WeightAverage.requireDecay(0);
        assertThatThrownBy(() -> WeightAverage.requireDecay(1.5f)).hasMessageContaining("or 0 for none, got 1.5");
    }
}
