package io.fastimage.operator.exact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fastimage.image.PlanarImage;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.ReferenceOperator;
import org.junit.jupiter.api.Test;

class DarkChannelDehazingTest extends OperatorContractTest {

    private static final double[] AIRLIGHT = {0.80, 0.85, 0.90};

    private final DarkChannelDehazing dehazing = new DarkChannelDehazing();

    @Override
    protected ReferenceOperator operator() {
        return dehazing;
    }

    private static PlanarImage hazyStreet() {
        PlanarImage clear = TestImages.photoCrop(0, 500, 1080, 96);
        return TestImages.haze(clear, TestImages.smoothTransmission(96, 96), AIRLIGHT);
    }

    @Test
    void dehazedOutputHasALowerDarkChannel() {
        PlanarImage hazy = hazyStreet();
        double before = TestImages.meanDarkChannel(hazy);
        double after = TestImages.meanDarkChannel(dehazing.apply(hazy));
        System.out.printf("dark channel mean before %.4f after %.4f%n", before, after);
        assertThat(after).isLessThan(0.5 * before);
    }

    @Test
    void recoversTheAirlightOfSyntheticHaze() {
        DarkChannelDehazing.Estimate estimate = dehazing.estimate(hazyStreet(), ParameterValues.defaults(dehazing.info().parameters()));
        System.out.printf("airlight %s%n", java.util.Arrays.toString(estimate.airlight()));
        // The chosen pixel is a real hazy pixel, I = J t + A (1 - t) with t = 0.1 at the top: within 0.05 of A.
        for (int c = 0; c < 3; c++) {
            assertThat(estimate.airlight()[c]).isCloseTo(AIRLIGHT[c], within(0.05));
        }
    }

    @Test
    void recoversTheTransmissionAndImageOfSyntheticHazeRoughly() {
        PlanarImage clear = TestImages.photoCrop(0, 500, 1080, 96);
        double[] truth = TestImages.smoothTransmission(96, 96);
        PlanarImage hazy = TestImages.haze(clear, truth, AIRLIGHT);
        double[] t = dehazing.estimate(hazy, ParameterValues.defaults(dehazing.info().parameters())).transmission();
        double errorT = 0;
        for (int i = 0; i < t.length; i++) {
            errorT += Math.abs(t[i] - truth[i]);
        }
        errorT /= t.length;
        PlanarImage out = dehazing.apply(hazy);
        double errorHazy = meanAbsoluteDifference(hazy, clear);
        double errorOut = meanAbsoluteDifference(out, clear);
        System.out.printf("transmission MAE %.4f, image MAE hazy %.4f dehazed %.4f%n", errorT, errorHazy, errorOut);
        // The prior (dark pixels in every patch) only roughly holds on a street scene; omega = 0.95 keeps 5% haze.
        assertThat(errorT).isLessThan(0.1);
        assertThat(errorOut).isLessThan(0.5 * errorHazy);
    }

    @Test
    void airlightTiesAreTakenInRowMajorOrder() {
        // Every pixel has the same dark channel 0.5, so floor(0.001 * 40 * 50) = 2 candidates: pixels 0 and 1.
        int w = 40;
        int h = 50;
        double[][] planes = new double[3][w * h];
        for (int i = 0; i < w * h; i++) {
            planes[0][i] = 0.5;
            planes[1][i] = 0.6;
            planes[2][i] = 0.7;
        }
        planes[2][1] = 0.8;     // the brighter of the two candidates
        planes[1][w * h - 1] = 1.0; // brightest overall, but not a candidate
        planes[2][w * h - 1] = 1.0;
        PlanarImage image = new PlanarImage(w, h, planes);
        double[] airlight = DarkChannel.airlight(image, DarkChannel.of(image, new double[] {1, 1, 1}, 7));
        assertThat(airlight).containsExactly(0.5, 0.6, 0.8);
    }

    @Test
    void tinyImagesUseAtLeastOneAirlightCandidate() {
        PlanarImage image = testImage(5, 4, 9);
        double[] dark = DarkChannel.of(image, new double[] {1, 1, 1}, 7);
        double[] airlight = DarkChannel.airlight(image, dark);
        int brightest = 0;
        for (int i = 1; i < dark.length; i++) {
            if (dark[i] > dark[brightest]) {
                brightest = i;
            }
        }
        assertThat(airlight[0]).isEqualTo(image.plane(0)[brightest]);
    }

    @Test
    void minimumFilterEqualsBruteForceWithTruncatedWindows() {
        PlanarImage image = testImage(23, 17, 11);
        double[] src = image.plane(0);
        for (int r : new int[] {0, 1, 3, 7, 30}) {
            double[] fast = BoxFilter.minimum(src, 23, 17, r);
            for (int y = 0; y < 17; y++) {
                for (int x = 0; x < 23; x++) {
                    double m = Double.POSITIVE_INFINITY;
                    for (int v = Math.max(0, y - r); v <= Math.min(16, y + r); v++) {
                        for (int u = Math.max(0, x - r); u <= Math.min(22, x + r); u++) {
                            m = Math.min(m, src[v * 23 + u]);
                        }
                    }
                    assertThat(fast[y * 23 + x]).isEqualTo(m);
                }
            }
        }
    }

    static double meanAbsoluteDifference(PlanarImage a, PlanarImage b) {
        double s = 0;
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < a.pixelCount(); i++) {
                s += Math.abs(Luma.clamp01(a.plane(c)[i]) - b.plane(c)[i]);
            }
        }
        return s / (3.0 * a.pixelCount());
    }
}
