package io.fastimage.operator.exact;

import io.fastimage.operator.Cancellation;

/**
 * Preconditioned conjugate gradients for {@link FivePointSystem}s, the one sparse solver shared by
 * all operators. The preconditioner is the zero-fill incomplete Cholesky factorisation of the
 * five-point matrix, {@code M = (P + L) P^-1 (P + L^T)} with {@code L} the strictly lower part of
 * {@code A}: it keeps the stencil's sparsity, costs two sweeps per iteration, and needs far fewer
 * iterations than a diagonal preconditioner on the strongly anisotropic weights of edge-aware
 * smoothing. Iteration stops when {@code ||b - A x|| <= tolerance * ||b||}.
 */
public final class ConjugateGradientSolver {

    /** The tolerance the operator specification asks for; never a loose one. */
    public static final double DEFAULT_TOLERANCE = 1e-6;

    /** Outcome of one solve, kept for benchmarks and tests. */
    public record Result(double[] solution, int iterations, double relativeResidual) {
    }

    /** Solves and iterations run on the current thread since the last {@link #resetStatistics()}: read by the benchmark. */
    public record Statistics(int solves, long iterations, int maxIterations) {
    }

    private static final ThreadLocal<Statistics> STATISTICS = ThreadLocal.withInitial(() -> new Statistics(0, 0, 0));

    public static Statistics statistics() {
        return STATISTICS.get();
    }

    public static void resetStatistics() {
        STATISTICS.remove();
    }

    private final double tolerance;
    private final int maxIterations;

    public ConjugateGradientSolver(double tolerance, int maxIterations) {
        if (!(tolerance > 0 && tolerance < 1) || maxIterations < 1) {
            throw new IllegalArgumentException("tolerance must be in (0, 1) and maxIterations >= 1");
        }
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
    }

    public ConjugateGradientSolver() {
        this(DEFAULT_TOLERANCE, 10_000);
    }

    /**
     * Solves {@code A x = b} starting from {@code initialGuess} (not modified; may be {@code null}
     * for zero).
     *
     * @throws IllegalStateException if the tolerance is not reached within the iteration limit
     */
    public Result solve(FivePointSystem a, double[] b, double[] initialGuess) {
        int n = a.size();
        double[] x = initialGuess == null ? new double[n] : initialGuess.clone();
        double bNorm = norm(b);
        if (bNorm == 0) {
            return new Result(new double[n], 0, 0);
        }
        double[] pivots = incompleteCholeskyPivots(a);
        double[] r = new double[n];
        a.multiply(x, r);
        for (int i = 0; i < n; i++) {
            r[i] = b[i] - r[i];
        }
        double[] z = new double[n];
        double[] p = new double[n];
        double[] ap = new double[n];
        precondition(a, pivots, r, z);
        System.arraycopy(z, 0, p, 0, n);
        double rz = dot(r, z);
        double residual = norm(r) / bNorm;
        int iteration = 0;
        while (residual > tolerance) {
            if (iteration == maxIterations) {
                throw new IllegalStateException("conjugate gradients did not reach relative residual " + tolerance
                        + " in " + maxIterations + " iterations (at " + residual + ")");
            }
            Cancellation.checkpoint();
            a.multiply(p, ap);
            double alpha = rz / dot(p, ap);
            for (int i = 0; i < n; i++) {
                x[i] += alpha * p[i];
                r[i] -= alpha * ap[i];
            }
            precondition(a, pivots, r, z);
            double rzNext = dot(r, z);
            double beta = rzNext / rz;
            rz = rzNext;
            for (int i = 0; i < n; i++) {
                p[i] = z[i] + beta * p[i];
            }
            residual = norm(r) / bNorm;
            iteration++;
        }
        Statistics before = STATISTICS.get();
        STATISTICS.set(new Statistics(before.solves() + 1, before.iterations() + iteration,
                Math.max(before.maxIterations(), iteration)));
        return new Result(x, iteration, residual);
    }

    /** Pivots of IC(0) on the five-point stencil: {@code p_i = a_ii - w_left^2 / p_left - w_up^2 / p_up}. */
    private static double[] incompleteCholeskyPivots(FivePointSystem a) {
        int w = a.width();
        double[] diag = a.matrixDiagonal();
        double[] pivots = new double[a.size()];
        for (int y = 0; y < a.height(); y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double p = diag[i];
                if (x > 0) {
                    double wl = a.horizontal()[i - 1];
                    p -= wl * wl / pivots[i - 1];
                }
                if (y > 0) {
                    double wu = a.vertical()[i - w];
                    p -= wu * wu / pivots[i - w];
                }
                // Guards the factorisation of near-singular rows; M stays SPD, only less exact there.
                pivots[i] = Math.max(p, diag[i] * 1e-12 + Double.MIN_NORMAL);
            }
        }
        return pivots;
    }

    /** {@code z = M^-1 r}: forward sweep with {@code P + L}, backward sweep with {@code I + P^-1 L^T}. */
    private static void precondition(FivePointSystem a, double[] pivots, double[] r, double[] z) {
        int w = a.width();
        int h = a.height();
        double[] hw = a.horizontal();
        double[] vw = a.vertical();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double s = r[i];
                if (x > 0) {
                    s += hw[i - 1] * z[i - 1];
                }
                if (y > 0) {
                    s += vw[i - w] * z[i - w];
                }
                z[i] = s / pivots[i];
            }
        }
        for (int y = h - 1; y >= 0; y--) {
            for (int x = w - 1; x >= 0; x--) {
                int i = y * w + x;
                double s = 0;
                if (x + 1 < w) {
                    s += hw[i] * z[i + 1];
                }
                if (y + 1 < h) {
                    s += vw[i] * z[i + w];
                }
                z[i] += s / pivots[i];
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
