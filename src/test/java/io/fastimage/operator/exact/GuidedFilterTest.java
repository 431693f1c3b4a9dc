package io.fastimage.operator.exact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GuidedFilterTest {

    private static double[] random(int n, long seed) {
        Random random = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextDouble();
        }
        return v;
    }

    /** Mean over the window of radius r truncated at the border, by explicit loops. */
    private static double[] bruteMean(double[] src, int w, int h, int r) {
        double[] out = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                int count = 0;
                for (int v = Math.max(0, y - r); v <= Math.min(h - 1, y + r); v++) {
                    for (int u = Math.max(0, x - r); u <= Math.min(w - 1, x + r); u++) {
                        s += src[v * w + u];
                        count++;
                    }
                }
                out[y * w + x] = s / count;
            }
        }
        return out;
    }

    @Test
    void constantGuideGivesTheBoxFilterOfTheInput() {
        int w = 19;
        int h = 13;
        double[] input = random(w * h, 1);
        double[] guide = new double[w * h];
        java.util.Arrays.fill(guide, 0.4);
        double[] out = new GuidedFilter(3, 1e-4).filter(guide, input, w, h);
        // a = 0 in every window, so q = mean(b) = mean(mean(p)): the box filter applied twice.
        double[] expected = bruteMean(bruteMean(input, w, h, 3), w, h, 3);
        for (int i = 0; i < out.length; i++) {
            assertThat(out[i]).isCloseTo(expected[i], within(1e-12));
        }
    }

    @Test
    void equalsABruteForceGuidedFilterWithTruncatedBorderWindows() {
        int w = 7;
        int h = 5;
        int r = 2;
        double eps = 0.01;
        double[] guide = random(w * h, 2);
        double[] input = random(w * h, 3);
        double[] a = new double[w * h];
        double[] b = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // Ridge regression of the input on the guide over the window's actual pixels.
                double n = 0;
                double sg = 0;
                double sp = 0;
                double sgg = 0;
                double sgp = 0;
                for (int v = Math.max(0, y - r); v <= Math.min(h - 1, y + r); v++) {
                    for (int u = Math.max(0, x - r); u <= Math.min(w - 1, x + r); u++) {
                        int j = v * w + u;
                        n++;
                        sg += guide[j];
                        sp += input[j];
                        sgg += guide[j] * guide[j];
                        sgp += guide[j] * input[j];
                    }
                }
                double mg = sg / n;
                double mp = sp / n;
                a[y * w + x] = (sgp / n - mg * mp) / (sgg / n - mg * mg + eps);
                b[y * w + x] = mp - a[y * w + x] * mg;
            }
        }
        double[] ma = bruteMean(a, w, h, r);
        double[] mb = bruteMean(b, w, h, r);
        double[] out = new GuidedFilter(r, eps).filter(guide, input, w, h);
        for (int i = 0; i < out.length; i++) {
            assertThat(out[i]).isCloseTo(ma[i] * guide[i] + mb[i], within(1e-12));
        }
    }

    @Test
    void boxMeanEqualsBruteForceForAllRadii() {
        double[] src = random(11 * 6, 4);
        for (int r : new int[] {0, 1, 2, 5, 20}) {
            double[] fast = BoxFilter.mean(src, 11, 6, r);
            double[] slow = bruteMean(src, 11, 6, r);
            for (int i = 0; i < fast.length; i++) {
                assertThat(fast[i]).isCloseTo(slow[i], within(1e-12));
            }
        }
    }

    @Test
    void preservesAnEdgeOfTheGuideWhileSmoothingNoise() {
        int w = 64;
        int h = 32;
        Random random = new Random(5);
        double[] guide = new double[w * h];
        double[] input = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double step = x < w / 2 ? 0.2 : 0.8;
                guide[y * w + x] = step;
                input[y * w + x] = step + 0.05 * random.nextGaussian();
            }
        }
        double[] out = new GuidedFilter(8, 1e-3).filter(guide, input, w, h);
        double[] blurred = BoxFilter.mean(input, w, h, 8);
        int row = 16 * w;
        // Right at the edge the output keeps nearly the full 0.6 step; a plain box blur of the same radius halves it.
        assertThat(out[row + w / 2] - out[row + w / 2 - 1]).isGreaterThan(0.55);
        assertThat(blurred[row + w / 2] - blurred[row + w / 2 - 1]).isLessThan(0.1);
        // Noise inside a flat side is reduced several times.
        double noiseIn = 0;
        double noiseOut = 0;
        for (int y = 10; y < 22; y++) {
            for (int x = 5; x < 20; x++) {
                noiseIn += Math.pow(input[y * w + x] - 0.2, 2);
                noiseOut += Math.pow(out[y * w + x] - 0.2, 2);
            }
        }
        assertThat(noiseOut).isLessThan(noiseIn / 10);
    }
}
