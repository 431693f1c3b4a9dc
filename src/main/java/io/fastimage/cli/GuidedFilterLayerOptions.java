package io.fastimage.cli;

import picocli.CommandLine.Option;

/**
 * {@code [--radius R] [--epsilon E]}: the guided filtering layer's box radius and regularisation (Wu et al., CVPR
 * 2018, eq. 3–4; He et al.'s guided filter), at the low resolution, for {@code train --guided-short-side} and
 * {@code guided-oracle}. Unset options stay null, so a command can tell a value given from the default.
 */
final class GuidedFilterLayerOptions {

    static final int DEFAULT_RADIUS = 1;
    static final double DEFAULT_EPSILON = 1e-4;

    @Option(names = "--radius", description = "guided filter box radius in low-resolution px, 1–16 (default 1)")
    Integer radius;

    @Option(names = "--epsilon", description = "guided filter regularisation of A, in [1e-6, 1) (default 1e-4)")
    Double epsilon;

    int radius() {
        return radius == null ? DEFAULT_RADIUS : radius;
    }

    double epsilon() {
        return epsilon == null ? DEFAULT_EPSILON : epsilon;
    }

    /** Whether {@code --radius} or {@code --epsilon} was given. */
    boolean given() {
        return radius != null || epsilon != null;
    }
}
