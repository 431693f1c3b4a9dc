package io.fastimage.pipeline;

import java.util.Locale;
import java.util.Optional;

/**
 * Which implementation transforms the image: {@code fast} (the trained network) or {@code exact} (the
 * reference operator). The same words in the API, compare's JSON, the page, the CLI and the docs;
 * {@code model} and {@code reference}, the first API version's words, are deprecated aliases.
 */
public enum Mode {
    FAST("model"), EXACT("reference");

    private final String deprecatedAlias;

    Mode(String deprecatedAlias) {
        this.deprecatedAlias = deprecatedAlias;
    }

    /** The word users write: {@code fast} or {@code exact}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named by {@code text} (either word or its deprecated alias, any case). */
    public static Optional<Mode> parse(String text) {
        for (Mode mode : values()) {
            if (mode.word().equalsIgnoreCase(text) || mode.deprecatedAlias.equalsIgnoreCase(text)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
