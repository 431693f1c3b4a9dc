package io.fastimage.operator.exact;

import io.fastimage.image.PlanarImage;
import java.util.Arrays;

/**
 * The dark channel prior of He, Sun and Tang: the minimum over colour channels and a square patch,
 * and the atmospheric light chosen from the haziest pixels. Shared by both dehazing operators.
 */
final class DarkChannel {

    /** Patch 15 x 15 (radius 7), truncated at the border. */
    static final int PATCH_RADIUS = 7;

    /** Below this an airlight component would make {@code I / A} meaningless; 8-bit data never gets there. */
    private static final double MIN_AIRLIGHT = 1e-6;

    private DarkChannel() {
    }

    /** {@code min over the patch of min_c I_c / scale_c}; pass {@code {1, 1, 1}} for the plain dark channel. */
    static double[] of(PlanarImage image, double[] scale, int radius) {
        int n = image.pixelCount();
        double[] minOverChannels = new double[n];
        for (int i = 0; i < n; i++) {
            double m = Double.POSITIVE_INFINITY;
            for (int c = 0; c < 3; c++) {
                m = Math.min(m, image.plane(c)[i] / scale[c]);
            }
            minOverChannels[i] = m;
        }
        return radius == 0 ? minOverChannels : BoxFilter.minimum(minOverChannels, image.width(), image.height(), radius);
    }

    /**
     * The airlight: among the {@code max(1, floor(0.001 H W))} pixels with the highest dark channel
     * (ties taken in row-major order) the one with the largest R + G + B (again the first on ties).
     */
    static double[] airlight(PlanarImage image, double[] dark) {
        int n = dark.length;
        int count = Math.max(1, (int) Math.floor(0.001 * n));
        double[] sorted = dark.clone();
        Arrays.sort(sorted);
        double threshold = sorted[n - count];
        int strictlyAbove = n - upperBound(sorted, threshold);
        int tiesToTake = count - strictlyAbove;
        int best = -1;
        double bestSum = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            boolean candidate = dark[i] > threshold;
            if (!candidate && dark[i] == threshold && tiesToTake > 0) {
                candidate = true;
                tiesToTake--;
            }
            if (candidate) {
                double sum = image.plane(0)[i] + image.plane(1)[i] + image.plane(2)[i];
                if (sum > bestSum) {
                    bestSum = sum;
                    best = i;
                }
            }
        }
        return new double[] {image.plane(0)[best], image.plane(1)[best], image.plane(2)[best]};
    }

    /** Components of {@code a} raised to a small positive floor, for dividing by them. */
    static double[] safeDivisor(double[] a) {
        return new double[] {Math.max(a[0], MIN_AIRLIGHT), Math.max(a[1], MIN_AIRLIGHT), Math.max(a[2], MIN_AIRLIGHT)};
    }

    /** Index of the first element greater than {@code v}. */
    private static int upperBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
