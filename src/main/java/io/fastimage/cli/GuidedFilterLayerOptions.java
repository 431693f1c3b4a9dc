package io.fastimage.cli;

import picocli.CommandLine.Option;

/**
 * {@code [--radius R] [--epsilon E]}: the guided filtering layer's box radius and regularisation (Wu et al., CVPR
 * 2018, eq. 3–4; He et al.'s guided filter), at the low resolution, for {@code train --guided-short-side} and
 * {@code guided-oracle}.
 */
final class GuidedFilterLayerOptions {

    @Option(names = "--radius", defaultValue = "1",
            description = "guided filter box radius in low-resolution px, 1–16 (default ${DEFAULT-VALUE})")
    int radius;

    @Option(names = "--epsilon", defaultValue = "1e-4",
            description = "guided filter regularisation of A, in (0, 1) (default ${DEFAULT-VALUE})")
    double epsilon;
}
