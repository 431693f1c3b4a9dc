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
