package io.fastimage.operator;

import java.util.Objects;

/**
 * What an {@link ImageOperator} is: the exact reference operator, or a trained network with its summary
 * (e.g. {@code CAN24, dilations [...]}) and version (the weights' content hash).
 *
 * @param network null for the exact operator
 * @param version null for the exact operator
 */
public record Implementation(String network, String version) {

    /** The exact reference operator. */
    public static final Implementation EXACT = new Implementation(null, null);

    public Implementation {
        if ((network == null) != (version == null)) {
            throw new IllegalArgumentException("a network has both a summary and a version; the exact operator neither");
        }
    }

    /** A trained network, described by {@code summary}, whose weights are {@code version}. */
    public static Implementation network(String summary, String version) {
        return new Implementation(Objects.requireNonNull(summary, "summary"), Objects.requireNonNull(version, "version"));
    }

    public boolean exact() {
        return network == null;
    }

    /** The name its duration is reported under: {@code exact} for the exact operator, {@code inference} for a network. */
    public String timingName() {
        return exact() ? "exact" : "inference";
    }
}
