package io.fastimage.operator.exact;

import io.fastimage.image.PlanarImage;
import io.fastimage.operator.OperatorInfo;
import io.fastimage.operator.ParameterSpec;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.ReferenceOperator;
import java.util.List;

/**
 * Rudin–Osher–Fatemi total-variation denoising, each channel separately:
 * {@code min_u 1/2 ||u - f||^2 + lambda * TV(u)}, isotropic TV, solved with Chambolle–Pock
 * ({@link TotalVariationSolver}). The data term's proximal map is {@code (v + tau f) / (1 + tau)}.
 * Stopping rule: at least {@code min-iterations} iterations; after that the solver stops as soon as
 * one iteration changes the channel by less than {@code tolerance} relative to its norm, and at the
 * latest after {@code max-iterations}. A {@code min-iterations} above {@code max-iterations} wins, so that raising
 * only the first (above the second's default) does what it says.
 */
public final class RudinOsherFatemi implements ReferenceOperator {

    static final String LAMBDA = "lambda";
    static final String MIN_ITERATIONS = "min-iterations";
    static final String MAX_ITERATIONS = "max-iterations";
    static final String TOLERANCE = "tolerance";

    private static final TotalVariationSolver.DataTerm QUADRATIC = (v, f, tau) -> (v + tau * f) / (1 + tau);

    private static final OperatorInfo INFO = new OperatorInfo("rudin-osher-fatemi", "ROF total-variation denoising",
            "Removes noise and fine texture while keeping edges, by minimising squared error plus total variation "
                    + "(Rudin, Osher, Fatemi 1992), per channel.",
            List.of(ParameterSpec.real(LAMBDA, "weight of total variation: larger smooths more", 0.05, 0.001, 1),
                    ParameterSpec.whole(MIN_ITERATIONS, "Chambolle-Pock iterations always run", 300, 1, 10_000),
                    ParameterSpec.whole(MAX_ITERATIONS, "iterations at most (min-iterations when that is larger)",
                            3000, 1, 20_000),
                    ParameterSpec.real(TOLERANCE, "stop once an iteration changes a channel by less than this, "
                            + "relative to its norm", 1e-6, 1e-9, 1e-2)));

    @Override
    public OperatorInfo info() {
        return INFO;
    }

    @Override
    public PlanarImage apply(PlanarImage input, ParameterValues parameters) {
        int min = parameters.getInt(MIN_ITERATIONS);
        var stopping = new TotalVariationSolver.Stopping(min, Math.max(min, parameters.getInt(MAX_ITERATIONS)),
                parameters.get(TOLERANCE));
        return TotalVariationSolver.solveChannels(input, parameters.get(LAMBDA), QUADRATIC, stopping);
    }

    /** {@code 1/2 ||u - f||^2 + lambda TV(u)} of one channel: the objective this operator minimises. */
    static double energy(double[] u, double[] f, int w, int h, double lambda) {
        double fidelity = 0;
        for (int i = 0; i < u.length; i++) {
            fidelity += (u[i] - f[i]) * (u[i] - f[i]);
        }
        return 0.5 * fidelity + lambda * TotalVariationSolver.totalVariation(u, w, h);
    }
}
