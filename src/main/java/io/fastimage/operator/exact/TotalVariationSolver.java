package io.fastimage.operator.exact;

import io.fastimage.image.PlanarImage;
import io.fastimage.operator.Cancellation;

/**
 * The first-order primal-dual algorithm of Chambolle and Pock (2011, Algorithm 1) for
 * {@code min_u  weight * TV(u) + G(u)} on one image plane, shared by the ROF and TV-L1 operators,
 * which differ only in the data term {@code G}. TV is isotropic, built on forward differences with
 * Neumann boundary (the difference across the last column or row is zero). Iteration:
 * <pre>
 *   p    = project_{|p| <= weight}(p + sigma * grad(ubar))
 *   u'   = prox_{tau G}(u + tau * div(p))
 *   ubar = u' + theta * (u' - u)
 * </pre>
 * with {@code tau = sigma = 1/sqrt(8)} and {@code theta = 1} ({@code tau * sigma * ||grad||^2 <= 1}),
 * starting from {@code u = ubar = f}, {@code p = 0}.
 */
final class TotalVariationSolver {

    static final double STEP = 1 / Math.sqrt(8);
    private static final double THETA = 1;

    /** The proximal map of the data term {@code G}: {@code argmin_u |u - v|^2 / (2 tau) + G(u)}, pixel by pixel. */
    interface DataTerm {
        double proximal(double v, double f, double tau);
    }

    /** When to stop: never before {@code minIterations}, then once {@code ||u_k - u_k-1|| <= tolerance * ||u_k||}, at most {@code maxIterations}. */
    record Stopping(int minIterations, int maxIterations, double tolerance) {

        static Stopping fixed(int iterations) {
            return new Stopping(iterations, iterations, 0);
        }
    }

    /** Outcome of one solve: the minimiser and the number of iterations run. */
    record Result(double[] u, int iterations) {
    }

    private TotalVariationSolver() {
    }

    /** Solves each channel of {@code image} separately (the operators' per-channel model). */
    static PlanarImage solveChannels(PlanarImage image, double weight, DataTerm data, Stopping stopping) {
        double[][] planes = new double[PlanarImage.CHANNELS][];
        for (int c = 0; c < planes.length; c++) {
            planes[c] = solve(image.plane(c), image.width(), image.height(), weight, data, stopping).u();
        }
        return new PlanarImage(image.width(), image.height(), planes);
    }

    static Result solve(double[] f, int w, int h, double weight, DataTerm data, Stopping stopping) {
        Sweep sweep = new Sweep(f, w, h, weight, data);
        int iteration = 0;
        while (iteration < stopping.maxIterations()) {
            Cancellation.checkpoint();
            double relativeChange = sweep.iterate();
            iteration++;
            if (iteration >= stopping.minIterations() && relativeChange <= stopping.tolerance()) {
                break;
            }
        }
        return new Result(sweep.u, iteration);
    }

    /**
     * The state of one solve. An iteration is one sweep over the rows: the dual update of row y
     * reads ubar on rows y and y+1 only, so the primal update of row y-1 can follow it at once
     * (its divergence needs the new dual on rows y-1 and y-2). This is the same iteration as two
     * full passes over the image, with less memory traffic.
     */
    private static final class Sweep {
        private final double[] f;
        private final int w;
        private final int h;
        private final double radius;
        private final DataTerm data;
        private final double[] u;
        private final double[] ubar;
        // Dual components stay zero across the last column (px) and last row (py): Neumann boundary.
        private final double[] px;
        private final double[] py;
        private double change;
        private double size;

        Sweep(double[] f, int w, int h, double radius, DataTerm data) {
            this.f = f;
            this.w = w;
            this.h = h;
            this.radius = radius;
            this.data = data;
            this.u = f.clone();
            this.ubar = f.clone();
            this.px = new double[w * h];
            this.py = new double[w * h];
        }

        /** One Chambolle-Pock iteration; returns {@code ||u_k - u_k-1|| / ||u_k||}. */
        double iterate() {
            change = 0;
            size = 0;
            for (int y = 0; y < h; y++) {
                ascendDual(y);
                if (y > 0) {
                    descendPrimal(y - 1);
                }
            }
            descendPrimal(h - 1);
            return size == 0 ? 0 : Math.sqrt(change / size);
        }

        /** Row y of {@code p = (p + sigma grad ubar) / max(1, |p + sigma grad ubar| / radius)}. */
        private void ascendDual(int y) {
            double[] px = this.px;
            double[] py = this.py;
            double[] ubar = this.ubar;
            int row = y * w;
            int last = row + w - 1;
            if (y + 1 < h) {
                for (int i = row; i < last; i++) {
                    project(i, px[i] + STEP * (ubar[i + 1] - ubar[i]), py[i] + STEP * (ubar[i + w] - ubar[i]));
                }
                project(last, 0, py[last] + STEP * (ubar[last + w] - ubar[last]));
            } else {
                for (int i = row; i < last; i++) {
                    project(i, px[i] + STEP * (ubar[i + 1] - ubar[i]), 0);
                }
            }
        }

        private void project(int i, double qx, double qy) {
            double norm = Math.sqrt(qx * qx + qy * qy);
            // radius / max(norm, radius), not a branch: the branch mispredicts on noisy images.
            double scale = radius / Math.max(norm, radius);
            px[i] = qx * scale;
            py[i] = qy * scale;
        }

        /** Row y of {@code u' = prox(u + tau div p)}, {@code ubar = u' + theta (u' - u)}. */
        private void descendPrimal(int y) {
            int row = y * w;
            double[] px = this.px;
            double[] py = this.py;
            double[] u = this.u;
            double[] ubar = this.ubar;
            double[] f = this.f;
            DataTerm data = this.data;
            int up = y > 0 ? w : 0;
            double dyMask = y > 0 ? 1 : 0;
            double rowChange = 0;
            double rowSize = 0;
            double left = 0;
            for (int i = row; i < row + w; i++) {
                double divergence = px[i] - left + py[i] - dyMask * py[i - up];
                left = px[i];
                double previous = u[i];
                double next = data.proximal(previous + STEP * divergence, f[i], STEP);
                u[i] = next;
                ubar[i] = next + THETA * (next - previous);
                rowChange += (next - previous) * (next - previous);
                rowSize += next * next;
            }
            change += rowChange;
            size += rowSize;
        }
    }

    /** Isotropic TV with the same forward differences: {@code sum_i |grad u (i)|}. */
    static double totalVariation(double[] u, int w, int h) {
        double sum = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double gx = x + 1 < w ? u[i + 1] - u[i] : 0;
                double gy = y + 1 < h ? u[i + w] - u[i] : 0;
                sum += Math.sqrt(gx * gx + gy * gy);
            }
        }
        return sum;
    }
}
