package io.fastimage.operator.exact;

import java.util.Arrays;

/**
 * Near-uniform unit directions on the sphere (a Fibonacci sphere: {@code z_i = 1 - (2i + 1) / n},
 * longitude {@code i * pi (3 - sqrt 5)}) with an exact nearest-direction lookup.
 *
 * <p>The lookup divides the cube [-1, 1]^3 into {@code G^3} boxes. For a box with centre {@code c} and
 * half-diagonal {@code rho}, let {@code s_c} be the direction nearest to {@code c}. For any point
 * {@code p} in the box, {@code |p - s_c| <= |c - s_c| + rho}, so the direction nearest to {@code p} lies
 * within that distance of {@code p}, hence within {@code |c - s_c| + 2 rho} of {@code c}. Each box keeps
 * exactly the directions inside that ball: a query scans about ten candidates instead of all
 * {@code n}, and gets the same answer as a brute-force scan (largest dot product, lowest index on ties,
 * because candidates are kept in index order).
 */
final class SphereDirections {

    private static final int GRID = 32;
    /** Slack over rounding in the candidate test; it can only add candidates. */
    private static final double SLACK = 1e-9;

    private final double[] x;
    private final double[] y;
    private final double[] z;
    private final int[][] candidates = new int[GRID * GRID * GRID][];

    SphereDirections(int count) {
        x = new double[count];
        y = new double[count];
        z = new double[count];
        double goldenAngle = Math.PI * (3 - Math.sqrt(5));
        for (int i = 0; i < count; i++) {
            z[i] = 1 - (2.0 * i + 1) / count;
            double r = Math.sqrt(1 - z[i] * z[i]);
            x[i] = r * Math.cos(goldenAngle * i);
            y[i] = r * Math.sin(goldenAngle * i);
        }
        double cell = 2.0 / GRID;
        double rho = cell * Math.sqrt(3) / 2;
        for (int b = 0; b < candidates.length; b++) {
            double cx = -1 + cell * (b % GRID + 0.5);
            double cy = -1 + cell * ((b / GRID) % GRID + 0.5);
            double cz = -1 + cell * (b / (GRID * GRID) + 0.5);
            double nearest = Math.sqrt(squaredDistance(bruteForceNearest(cx, cy, cz), cx, cy, cz));
            double reach = nearest + 2 * rho + SLACK;
            int[] kept = new int[count];
            int k = 0;
            for (int i = 0; i < count; i++) {
                if (squaredDistance(i, cx, cy, cz) <= reach * reach) {
                    kept[k++] = i;
                }
            }
            candidates[b] = Arrays.copyOf(kept, k);
        }
    }

    int size() {
        return x.length;
    }

    double[] direction(int i) {
        return new double[] {x[i], y[i], z[i]};
    }

    /** Index of the direction nearest to the unit vector {@code (px, py, pz)}. */
    int nearest(double px, double py, double pz) {
        int[] list = candidates[box(px) + GRID * (box(py) + GRID * box(pz))];
        int best = list[0];
        double bestDot = Double.NEGATIVE_INFINITY;
        for (int i : list) {
            double dot = px * x[i] + py * y[i] + pz * z[i];
            if (dot > bestDot) {
                bestDot = dot;
                best = i;
            }
        }
        return best;
    }

    /** The reference answer: scans every direction (largest dot product, lowest index on ties). */
    int bruteForceNearest(double px, double py, double pz) {
        int best = 0;
        double bestDot = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            double dot = px * x[i] + py * y[i] + pz * z[i];
            if (dot > bestDot) {
                bestDot = dot;
                best = i;
            }
        }
        return best;
    }

    private double squaredDistance(int i, double px, double py, double pz) {
        double dx = x[i] - px;
        double dy = y[i] - py;
        double dz = z[i] - pz;
        return dx * dx + dy * dy + dz * dz;
    }

    private static int box(double coordinate) {
        int b = (int) Math.floor((coordinate + 1) * (GRID / 2.0));
        return b < 0 ? 0 : (b >= GRID ? GRID - 1 : b);
    }
}
