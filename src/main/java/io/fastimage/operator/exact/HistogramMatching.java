package io.fastimage.operator.exact;

import java.util.Arrays;

/**
 * Exact histogram matching: every value moves to the target's quantile at its own rank. Equal values
 * share their mid-rank, so they stay equal and the result does not depend on pixel order.
 */
final class HistogramMatching {

    /** A target distribution given by its quantile function on [0, 1]. */
    @FunctionalInterface
    interface Quantiles {
        double at(double probability);
    }

    private HistogramMatching() {
    }

    static double[] match(double[] values, Quantiles target) {
        int n = values.length;
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = target.at(n == 1 ? 0.5 : midRank(sorted, values[i]) / (n - 1));
        }
        return out;
    }

    /** The quantile function of a sample: linear interpolation between its order statistics. */
    static Quantiles ofSample(double[] sample) {
        double[] sorted = sample.clone();
        Arrays.sort(sorted);
        return p -> {
            double pos = p * (sorted.length - 1);
            int k = (int) Math.floor(pos);
            if (k >= sorted.length - 1) {
                return sorted[sorted.length - 1];
            }
            return sorted[k] + (pos - k) * (sorted[k + 1] - sorted[k]);
        };
    }

    /** Mean of the first and last index of {@code v} in {@code sorted}. */
    private static double midRank(double[] sorted, double v) {
        return (firstIndex(sorted, v) + lastIndex(sorted, v)) / 2.0;
    }

    private static int firstIndex(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int lastIndex(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (sorted[mid] > v) {
                hi = mid - 1;
            } else {
                lo = mid;
            }
        }
        return lo;
    }
}
