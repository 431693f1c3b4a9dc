package io.fastimage.operator.exact;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastimage.image.PlanarImage;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.ReferenceOperator;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NonlocalDehazingTest extends OperatorContractTest {

    private static final double[] AIRLIGHT = {0.80, 0.85, 0.90};

    private final NonlocalDehazing dehazing = new NonlocalDehazing();

    @Override
    protected ReferenceOperator operator() {
        return dehazing;
    }

    @Test
    void nearestDirectionLookupEqualsBruteForce() {
        SphereDirections sphere = NonlocalDehazing.directions();
        assertThat(sphere.size()).isEqualTo(1000);
        Random random = new Random(42);
        for (int k = 0; k < 50_000; k++) {
            double x = random.nextGaussian();
            double y = random.nextGaussian();
            double z = random.nextGaussian();
            double norm = Math.sqrt(x * x + y * y + z * z);
            x /= norm;
            y /= norm;
            z /= norm;
            assertThat(sphere.nearest(x, y, z)).isEqualTo(sphere.bruteForceNearest(x, y, z));
        }
        // The directions themselves and the coordinate axes (box corners and faces).
        for (int i = 0; i < sphere.size(); i++) {
            double[] d = sphere.direction(i);
            assertThat(sphere.nearest(d[0], d[1], d[2])).isEqualTo(sphere.bruteForceNearest(d[0], d[1], d[2]));
        }
        for (double[] axis : new double[][] {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}}) {
            assertThat(sphere.nearest(axis[0], axis[1], axis[2])).isEqualTo(sphere.bruteForceNearest(axis[0], axis[1], axis[2]));
        }
    }

    @Test
    void directionsAreNearUniform() {
        SphereDirections sphere = NonlocalDehazing.directions();
        // Every direction's nearest neighbour is at a similar angle (Fibonacci spacing ~ sqrt(4 pi / n)).
        double expected = Math.sqrt(4 * Math.PI / sphere.size());
        for (int i = 0; i < sphere.size(); i++) {
            double[] d = sphere.direction(i);
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < sphere.size(); j++) {
                if (j != i) {
                    double[] e = sphere.direction(j);
                    best = Math.min(best, Math.acos(Math.min(1, d[0] * e[0] + d[1] * e[1] + d[2] * e[2])));
                }
            }
            assertThat(best).isBetween(0.6 * expected, 1.3 * expected);
        }
    }

    @Test
    void recoversTransmissionAndImageOfSyntheticHaze() {
        PlanarImage clear = TestImages.photoCrop(0, 500, 1080, 96);
        double[] truth = TestImages.smoothTransmission(96, 96);
        PlanarImage hazy = TestImages.haze(clear, truth, AIRLIGHT);
        NonlocalDehazing.Estimate estimate = dehazing.estimate(hazy, ParameterValues.defaults(dehazing.info().parameters()));
        double error = 0;
        for (int i = 0; i < truth.length; i++) {
            error += Math.abs(estimate.transmission()[i] - truth[i]);
        }
        error /= truth.length;
        double errorHazy = DarkChannelDehazingTest.meanAbsoluteDifference(hazy, clear);
        double errorOut = DarkChannelDehazingTest.meanAbsoluteDifference(dehazing.apply(hazy), clear);
        System.out.printf("nonlocal: airlight %s transmission MAE %.4f image MAE hazy %.4f dehazed %.4f%n",
                java.util.Arrays.toString(estimate.airlight()), error, errorHazy, errorOut);
        assertThat(error).isLessThan(0.1);
        assertThat(errorOut).isLessThan(0.5 * errorHazy);
    }

    @Test
    void hazeLinesRecoverTransmissionWhereTheDarkChannelPriorCannot() {
        // A clear scene of 12 bright colours (no dark pixels, so the dark channel lower bound is weak),
        // each seen at many depths and once nearly haze-free in the bottom row of 8 x 8 blocks: the
        // situation haze-lines are made for. t rises from 0.1 at the top to 1 at the bottom.
        int size = 96;
        int block = 8;
        Random random = new Random(17);
        double[][] palette = new double[12][3];
        for (double[] colour : palette) {
            for (int c = 0; c < 3; c++) {
                colour[c] = 0.35 + 0.6 * random.nextDouble();
            }
        }
        double[][] planes = new double[3][size * size];
        double[] truth = new double[size * size];
        for (int by = 0; by < size / block; by++) {
            for (int bx = 0; bx < size / block; bx++) {
                int colour = by == size / block - 1 ? bx : random.nextInt(12);
                for (int y = by * block; y < (by + 1) * block; y++) {
                    for (int x = bx * block; x < (bx + 1) * block; x++) {
                        for (int c = 0; c < 3; c++) {
                            planes[c][y * size + x] = palette[colour][c];
                        }
                    }
                }
            }
        }
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                truth[y * size + x] = 0.1 + 0.9 * y / (size - 1.0);
            }
        }
        PlanarImage hazy = TestImages.haze(new PlanarImage(size, size, planes), truth, AIRLIGHT);
        // Given the true airlight, so that only the haze-line machinery is measured.
        double[] t = dehazing.transmission(hazy, AIRLIGHT, ParameterValues.defaults(dehazing.info().parameters()));
        double[] weaklyRegularised = dehazing.transmission(hazy, AIRLIGHT,
                ParameterValues.resolve(dehazing.info().parameters(), java.util.Map.of("lambda", "0.001")));
        double error = 0;
        double weakError = 0;
        double lowerBoundError = 0;
        double[] lowerBound = DarkChannel.of(hazy, AIRLIGHT, 0);
        for (int i = 0; i < truth.length; i++) {
            error += Math.abs(t[i] - truth[i]);
            weakError += Math.abs(weaklyRegularised[i] - truth[i]);
            lowerBoundError += Math.abs(1 - lowerBound[i] - truth[i]);
        }
        error /= truth.length;
        weakError /= truth.length;
        lowerBoundError /= truth.length;
        System.out.printf("palette scene: transmission MAE %.4f (lambda 0.001: %.4f, dark-channel bound alone %.4f)%n",
                error, weakError, lowerBoundError);
        // Measured 0.023: the haze-lines follow the depth gradient inside every block.
        assertThat(weakError).isLessThan(0.04);
        // Measured 0.077: lambda = 0.1 with the guide's 1e-5 floor flattens t inside each uniform block,
        // whose hazy colour barely changes; still far better than the dark-channel bound (0.35).
        assertThat(error).isLessThan(0.1);
        assertThat(lowerBoundError).isGreaterThan(3 * error);
    }

    @Test
    void dehazedOutputHasALowerDarkChannel() {
        PlanarImage clear = TestImages.photoCrop(0, 500, 1080, 96);
        PlanarImage hazy = TestImages.haze(clear, TestImages.smoothTransmission(96, 96), AIRLIGHT);
        double before = TestImages.meanDarkChannel(hazy);
        double after = TestImages.meanDarkChannel(dehazing.apply(hazy));
        System.out.printf("nonlocal dark channel mean before %.4f after %.4f%n", before, after);
        assertThat(after).isLessThan(0.5 * before);
    }

    @Test
    void transmissionStaysInItsClampRange() {
        PlanarImage input = testImage(48, 40, 7);
        double[] t = dehazing.estimate(input, ParameterValues.defaults(dehazing.info().parameters())).transmission();
        for (double v : t) {
            assertThat(v).isBetween(0.1, 1.0);
        }
    }

    @Test
    void reliabilityGrowsWithPopulationAndSpreadAndStaysPositive() {
        assertThat(NonlocalDehazing.reliability(1, 0)).isGreaterThan(0);
        assertThat(NonlocalDehazing.reliability(10, 0.5)).isLessThan(NonlocalDehazing.reliability(50, 0.5));
        assertThat(NonlocalDehazing.reliability(50, 0.2)).isLessThan(NonlocalDehazing.reliability(50, 0.3));
        assertThat(NonlocalDehazing.reliability(500, 1)).isEqualTo(1.0);
    }
}
