package io.fastimage.operator.exact;

import io.fastimage.image.PlanarImage;
import io.fastimage.operator.OperatorInfo;
import io.fastimage.operator.ParameterSpec;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.ReferenceOperator;
import java.util.List;

/**
 * TV-L1 restoration in its denoising form (Nikolova 2004, Chan and Esedoglu 2005), each channel
 * separately: {@code min_u TV(u) + lambda ||u - f||_1}, solved with a fixed number of Chambolle–Pock
 * iterations ({@link TotalVariationSolver}). The data term's proximal map is soft shrinkage of
 * {@code v - f} towards zero by {@code tau * lambda}. The L1 fidelity makes the model select by scale,
 * not by contrast: features smaller than about {@code 2 / lambda} pixels in radius vanish, larger ones
 * keep their full contrast.
 */
public final class TvL1Restoration implements ReferenceOperator {

    static final String LAMBDA = "lambda";
    static final String ITERATIONS = "iterations";

    private static final OperatorInfo INFO = new OperatorInfo("tv-l1", "TV-L1 restoration",
            "Removes features below a scale while keeping the contrast of larger ones: total variation plus an "
                    + "L1 data term (Nikolova 2004; Chan, Esedoglu 2005), per channel.",
            List.of(ParameterSpec.real(LAMBDA, "weight of the L1 data term: smaller removes larger features",
                            0.5, 0.01, 10),
                    ParameterSpec.whole(ITERATIONS, "Chambolle-Pock iterations", 500, 1, 20_000)));

    @Override
    public OperatorInfo info() {
        return INFO;
    }

    @Override
    public PlanarImage apply(PlanarImage input, ParameterValues parameters) {
        double lambda = parameters.get(LAMBDA);
        TotalVariationSolver.DataTerm l1 = (v, f, tau) -> {
            // f + soft-shrink(v - f, tau lambda), written as v - clamp(v - f) to avoid unpredictable branches.
            double shrink = tau * lambda;
            return v - Math.max(-shrink, Math.min(shrink, v - f));
        };
        return TotalVariationSolver.solveChannels(input, 1, l1,
                TotalVariationSolver.Stopping.fixed(parameters.getInt(ITERATIONS)));
    }
}
