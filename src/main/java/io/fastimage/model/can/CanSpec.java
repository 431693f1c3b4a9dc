package io.fastimage.model.can;

import io.fastimage.model.InputPlanes;
import io.fastimage.model.NetworkSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A context aggregation network as a model directory declares it: its shape and the statistics its batch
 * normalization uses at inference.
 */
public record CanSpec(CanArchitecture architecture, NormalizationStatistics statistics) implements NetworkSpec {

    public CanSpec {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(statistics, "statistics");
    }

    @Override
    public String type() {
        return CanKind.TYPE;
    }

    @Override
    public InputPlanes inputs() {
        return architecture.inputs();
    }

    /** The receptive radius (CAN24: 128 px); tiles with this halo give the whole-image result with running statistics. */
    @Override
    public OptionalInt receptiveRadius() {
        return OptionalInt.of(architecture.receptiveRadius());
    }

    @Override
    public int symmetricPadding() {
        return architecture.symmetricPadding();
    }

    @Override
    public boolean normalizesPerImage() {
        return statistics == NormalizationStatistics.PER_IMAGE;
    }

    @Override
    public long multiplyAddsPerPixel() {
        return architecture.multiplyAddsPerPixel();
    }

    @Override
    public String summary() {
        return "CAN" + architecture.width() + ", dilations " + architecture.dilations()
                + (architecture.inputs().colourOnly() ? "" : ", inputs " + architecture.inputs().summary());
    }

    @Override
    public String cardTitle() {
        return "context aggregation network";
    }

    @Override
    public Map<String, String> cardRows() {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("architecture", summary() + ", " + architecture.trainableParameterCount()
                + " trainable values, adaptive normalization, leaky ReLU 0.2");
        rows.put("normalization statistics", statistics.jsonName());
        if (architecture.symmetricPadding() > 0) {
            rows.put("photo border", architecture.symmetricPadding() + " px mirrored (half-sample symmetric) before the network runs");
        }
        if (!architecture.inputs().colourOnly()) {
            rows.put("inputs", architecture.inputs().summary());
        }
        return rows;
    }

    @Override
    public ContextAggregationNetwork newBlock() {
        return new ContextAggregationNetwork(architecture, statistics, ContextAggregationNetwork.Initialization.XAVIER);
    }

    /** The same weights normalizing with {@code other} statistics. */
    public CanSpec withStatistics(NormalizationStatistics other) {
        return new CanSpec(architecture, other);
    }
}
