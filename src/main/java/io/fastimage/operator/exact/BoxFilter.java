package io.fastimage.operator.exact;

/**
 * Window means and minima over {@code (2r+1) x (2r+1)} windows truncated at the image border: a window
 * holds only the pixels inside the image, and a mean divides by their actual count. Both are separable
 * and cost O(1) per pixel whatever the radius.
 */
final class BoxFilter {

    private BoxFilter() {
    }

    /** Mean over each truncated window, by running sums along rows and then columns. */
    static double[] mean(double[] src, int w, int h, int r) {
        double[] rows = new double[w * h];
        for (int y = 0; y < h; y++) {
            meanLine(src, rows, y * w, 1, w, r);
        }
        double[] out = new double[w * h];
        for (int x = 0; x < w; x++) {
            meanLine(rows, out, x, w, h, r);
        }
        return out;
    }

    /** Minimum over each truncated window (grey erosion), by a monotone deque along rows and then columns. */
    static double[] minimum(double[] src, int w, int h, int r) {
        double[] rows = new double[w * h];
        int[] deque = new int[Math.max(w, h)];
        for (int y = 0; y < h; y++) {
            minLine(src, rows, y * w, 1, w, r, deque);
        }
        double[] out = new double[w * h];
        for (int x = 0; x < w; x++) {
            minLine(rows, out, x, w, h, r, deque);
        }
        return out;
    }

    private static void meanLine(double[] src, double[] dst, int base, int stride, int n, int r) {
        // Prefix sums of this line: prefix[k] = sum of its first k values.
        double[] prefix = new double[n + 1];
        for (int k = 0; k < n; k++) {
            prefix[k + 1] = prefix[k] + src[base + k * stride];
        }
        for (int k = 0; k < n; k++) {
            int lo = Math.max(0, k - r);
            int hi = Math.min(n - 1, k + r);
            dst[base + k * stride] = (prefix[hi + 1] - prefix[lo]) / (hi - lo + 1);
        }
    }

    private static void minLine(double[] src, double[] dst, int base, int stride, int n, int r, int[] deque) {
        // The deque holds indices of increasing values; its head is the minimum of the current window.
        int head = 0;
        int tail = 0;
        int next = 0;
        for (int k = 0; k < n; k++) {
            int hi = Math.min(n - 1, k + r);
            for (; next <= hi; next++) {
                double v = src[base + next * stride];
                while (tail > head && src[base + deque[tail - 1] * stride] >= v) {
                    tail--;
                }
                deque[tail++] = next;
            }
            while (deque[head] < k - r) {
                head++;
            }
            dst[base + k * stride] = src[base + deque[head] * stride];
        }
    }
}
