package io.fastimage.operator.exact;

/**
 * The weighted-least-squares edge-preserving smoother of Farbman, Fattal, Lischinski and Szeliski
 * (SIGGRAPH 2008): {@code u = (I + lambda L_g)^-1 g}, where {@code L_g} is the five-point Laplacian with
 * affinities {@code a = 1 / (|d ell|^alpha + eps)} from the differences of a guide {@code ell} (in the
 * paper the log-luminance) between neighbouring pixels, {@code eps = 1e-4} as in the authors' code.
 */
public final class WeightedLeastSquares {

    /** Keeps affinities finite where the guide is flat (the authors' {@code smallNum}). */
    public static final double EPSILON = 1e-4;

    private WeightedLeastSquares() {
    }

    /** The system {@code I + lambda L_g} for guide {@code ell}. */
    public static FivePointSystem system(double[] ell, int w, int h, double lambda, double alpha) {
        int n = w * h;
        double[] diagonal = new double[n];
        double[] horizontal = new double[n];
        double[] vertical = new double[n];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                diagonal[i] = 1;
                if (x + 1 < w) {
                    horizontal[i] = lambda / (Math.pow(Math.abs(ell[i + 1] - ell[i]), alpha) + EPSILON);
                }
                if (y + 1 < h) {
                    vertical[i] = lambda / (Math.pow(Math.abs(ell[i + w] - ell[i]), alpha) + EPSILON);
                }
            }
        }
        return new FivePointSystem(w, h, diagonal, horizontal, vertical);
    }

    /** Smooths {@code g} (started from {@code g} itself, so a constant {@code g} comes back unchanged). */
    public static double[] smooth(double[] g, FivePointSystem system, ConjugateGradientSolver solver) {
        return solver.solve(system, g, g).solution();
    }
}
