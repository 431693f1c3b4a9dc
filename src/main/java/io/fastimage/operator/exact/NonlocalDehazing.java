package io.fastimage.operator.exact;

import io.fastimage.image.PlanarImage;
import io.fastimage.operator.Cancellation;
import io.fastimage.operator.OperatorInfo;
import io.fastimage.operator.ParameterSpec;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.ReferenceOperator;
import java.util.Arrays;
import java.util.List;

/**
 * Non-local dehazing with haze-lines (Berman, Treibitz, Avidan CVPR 2016). Seen from the airlight
 * {@code A}, the pixels of one clear colour lie on a line {@code I - A = t (J - A)}: they are grouped
 * by the nearest of 1000 directions on the sphere, and the farthest pixel of each line is taken as
 * haze-free, so {@code t = r / r_max}. That estimate is bounded below by the dark channel
 * ({@code 1 - min_c I_c / A_c}, the least {@code t} that keeps {@code J >= 0}), regularised by a
 * weighted least-squares fit whose data weights trust lines with many pixels and a wide spread of
 * radii, and whose smoothness follows the grey input. The result leaves a trace of haze (factor
 * 1.06), as the authors do, and is stretched to the 0.5% / 99.5% percentiles per channel.
 */
public final class NonlocalDehazing implements ReferenceOperator {

    static final int DIRECTIONS = 1000;
    /** A haze-line with this many pixels or more counts as fully populated (Berman et al.'s code uses 50). */
    static final int FULL_POPULATION = 50;
    /** Keeps the smoothness weight finite across flat regions of the guide. */
    private static final double GUIDE_EPSILON = 1e-5;
    private static final double STRETCH_LOW = 0.005;
    private static final double STRETCH_HIGH = 0.995;

    private static final class Lazy {
        static final SphereDirections DIRECTIONS_ON_SPHERE = new SphereDirections(DIRECTIONS);
    }

    private static final OperatorInfo INFO = new OperatorInfo("nonlocal-dehazing", "Non-local dehazing",
            "Removes haze with haze-lines: pixels of one colour spread along a line through the airlight.",
            List.of(ParameterSpec.real("lambda", "weight of the edge-aware smoothness of the transmission", 0.1, 0.001, 10),
                    ParameterSpec.real("t-min", "lower clamp of the transmission", 0.1, 0.01, 1),
                    ParameterSpec.real("leave-haze", "factor on t that leaves a trace of haze (1 removes all)", 1.06, 1, 1.5)));

    @Override
    public OperatorInfo info() {
        return INFO;
    }

    static SphereDirections directions() {
        return Lazy.DIRECTIONS_ON_SPHERE;
    }

    /** Airlight and regularised, clamped transmission, kept apart for tests. */
    record Estimate(double[] airlight, double[] transmission) {
    }

    Estimate estimate(PlanarImage input, ParameterValues parameters) {
        double[] airlight = DarkChannel.airlight(input,
                DarkChannel.of(input, new double[] {1, 1, 1}, DarkChannel.PATCH_RADIUS));
        return new Estimate(airlight, transmission(input, airlight, parameters));
    }

    /** The regularised, clamped transmission for a given airlight (steps 2 to 6 of the method). */
    double[] transmission(PlanarImage input, double[] airlight, ParameterValues parameters) {
        int n = input.pixelCount();
        double[] r = input.plane(0);
        double[] g = input.plane(1);
        double[] b = input.plane(2);

        // Haze-line of every pixel and its distance from the airlight.
        SphereDirections sphere = directions();
        int[] line = new int[n];
        double[] radius = new double[n];
        for (int i = 0; i < n; i++) {
            double dr = r[i] - airlight[0];
            double dg = g[i] - airlight[1];
            double db = b[i] - airlight[2];
            double length = Math.sqrt(dr * dr + dg * dg + db * db);
            radius[i] = length;
            // A pixel equal to the airlight has no direction; line 0 takes it, with radius 0.
            line[i] = length > 0 ? sphere.nearest(dr / length, dg / length, db / length) : 0;
        }
        Cancellation.checkpoint();

        int lines = sphere.size();
        int[] population = new int[lines];
        double[] maxRadius = new double[lines];
        double[] sum = new double[lines];
        for (int i = 0; i < n; i++) {
            population[line[i]]++;
            maxRadius[line[i]] = Math.max(maxRadius[line[i]], radius[i]);
            sum[line[i]] += radius[i];
        }
        double[] spread = new double[lines];
        for (int i = 0; i < n; i++) {
            double d = radius[i] - sum[line[i]] / population[line[i]];
            spread[line[i]] += d * d;
        }
        double widestSpread = 0;
        for (int k = 0; k < lines; k++) {
            spread[k] = population[k] > 0 ? Math.sqrt(spread[k] / population[k]) : 0;
            widestSpread = Math.max(widestSpread, spread[k]);
        }

        // Initial estimate, lower bound and reliability of every pixel.
        double[] lowerBound = DarkChannel.of(input, DarkChannel.safeDivisor(airlight), 0);
        double[] initial = new double[n];
        double[] weight = new double[n];
        for (int i = 0; i < n; i++) {
            int k = line[i];
            double t = maxRadius[k] > 0 ? radius[i] / maxRadius[k] : 1;
            initial[i] = Math.min(1, Math.max(t, 1 - lowerBound[i]));
            weight[i] = reliability(population[k], widestSpread > 0 ? spread[k] / widestSpread : 1);
        }
        double[] t = regularise(initial, weight, Luma.bt601(input), input.width(), input.height(), parameters.get("lambda"));
        double tMin = parameters.get("t-min");
        for (int i = 0; i < n; i++) {
            t[i] = Math.min(1, Math.max(tMin, t[i]));
        }
        return t;
    }

    /**
     * Trust in a haze-line's estimate (Berman et al.): a line needs about {@value #FULL_POPULATION} pixels
     * to contain a haze-free one, and pixels spread over a short stretch of radii say little about its
     * far end. {@code relativeSpread} is the line's standard deviation of radii over the largest one;
     * the small floor keeps every weight positive.
     */
    static double reliability(int population, double relativeSpread) {
        double populated = Math.min(1.0, (double) population / FULL_POPULATION);
        double spread = Math.min(1, 3 * Math.max(0.001, relativeSpread - 0.1));
        return populated * spread;
    }

    /**
     * Minimises {@code sum_x w_x (t_x - initial_x)^2 + lambda sum_edges (t_x - t_y)^2 / ((g_x - g_y)^2 + eps)}
     * over the 4-neighbour edges, i.e. solves {@code (diag(w) + lambda L_g) t = w initial}. Where every
     * weight is zero (no reliable pixel at all) the initial estimate is returned.
     */
    static double[] regularise(double[] initial, double[] weight, double[] guide, int w, int h, double lambda) {
        int n = initial.length;
        double[] rhs = new double[n];
        boolean anyData = false;
        for (int i = 0; i < n; i++) {
            rhs[i] = weight[i] * initial[i];
            anyData |= weight[i] > 0;
        }
        if (!anyData) {
            return initial.clone();
        }
        double[] horizontal = new double[n];
        double[] vertical = new double[n];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (x + 1 < w) {
                    double d = guide[i + 1] - guide[i];
                    horizontal[i] = lambda / (d * d + GUIDE_EPSILON);
                }
                if (y + 1 < h) {
                    double d = guide[i + w] - guide[i];
                    vertical[i] = lambda / (d * d + GUIDE_EPSILON);
                }
            }
        }
        FivePointSystem system = new FivePointSystem(w, h, weight, horizontal, vertical);
        return new ConjugateGradientSolver().solve(system, rhs, initial).solution();
    }

    @Override
    public PlanarImage apply(PlanarImage input, ParameterValues parameters) {
        Estimate estimate = estimate(input, parameters);
        double leaveHaze = parameters.get("leave-haze");
        double[] t = estimate.transmission();
        double[][] planes = new double[3][input.pixelCount()];
        for (int c = 0; c < 3; c++) {
            double a = estimate.airlight()[c];
            double[] in = input.plane(c);
            for (int i = 0; i < in.length; i++) {
                planes[c][i] = Luma.clamp01((in[i] - (1 - leaveHaze * t[i]) * a) / t[i]);
            }
            stretch(planes[c]);
        }
        return new PlanarImage(input.width(), input.height(), planes);
    }

    /** Maps the 0.5% and 99.5% percentiles of a channel to 0 and 1 (no change when they coincide). */
    static void stretch(double[] channel) {
        double[] sorted = channel.clone();
        Arrays.sort(sorted);
        double lo = sorted[(int) Math.floor(STRETCH_LOW * (sorted.length - 1))];
        double hi = sorted[(int) Math.ceil(STRETCH_HIGH * (sorted.length - 1))];
        if (hi > lo) {
            for (int i = 0; i < channel.length; i++) {
                channel[i] = Luma.clamp01((channel[i] - lo) / (hi - lo));
            }
        }
    }
}
