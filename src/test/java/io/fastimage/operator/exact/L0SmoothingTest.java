package io.fastimage.operator.exact;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastimage.image.PlanarImage;
import io.fastimage.operator.ReferenceOperator;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class L0SmoothingTest extends OperatorContractTest {

    @Override
    protected ReferenceOperator operator() {
        return new L0Smoothing();
    }

    /** Pixels whose right or lower neighbour differs by more than 1/1000 in some channel. */
    private static int nonZeroGradients(PlanarImage image) {
        int w = image.width();
        int count = 0;
        for (int y = 0; y + 1 < image.height(); y++) {
            for (int x = 0; x + 1 < w; x++) {
                int i = y * w + x;
                boolean changes = false;
                for (int c = 0; c < 3; c++) {
                    double[] p = image.plane(c);
                    changes |= Math.abs(p[i] - p[i + 1]) > 1e-3 || Math.abs(p[i] - p[i + w]) > 1e-3;
                }
                count += changes ? 1 : 0;
            }
        }
        return count;
    }

    @Test
    void leavesFarFewerNonZeroGradientsThanItsInput() {
        // Four coloured quadrants with noise: every input pixel has a gradient, the result only at the quadrant borders.
        int w = 48;
        int h = 48;
        java.util.Random random = new java.util.Random(11);
        double[][] planes = new double[3][w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double base = 0.2 + 0.15 * c + (x < w / 2 ? 0 : 0.3) + (y < h / 2 ? 0 : 0.2 - 0.1 * c);
                    planes[c][y * w + x] = base + 0.015 * random.nextGaussian();
                }
            }
        }
        PlanarImage input = new PlanarImage(w, h, planes);
        PlanarImage output = operator().apply(input);
        assertThat(nonZeroGradients(input)).isGreaterThan(w * h * 9 / 10);
        assertThat(nonZeroGradients(output)).isLessThan(w * h / 10);
    }

    @Test
    void thresholdIsJointOverTheChannels() {
        double threshold = 1.0;
        // Each channel alone is below the threshold, their sum is above: a per-channel rule would zero them.
        double[][] gx = {{0.6}, {0.6}, {0.6}};
        double[][] gy = {{0.0}, {0.0}, {0.0}};
        L0Smoothing.zeroWeakGradientsJointly(gx, gy, threshold);
        assertThat(gx[0][0]).isEqualTo(0.6);
        assertThat(gx[2][0]).isEqualTo(0.6);
        // One strong channel keeps the weak ones too: a per-channel rule would zero channels 1 and 2.
        double[][] hx = {{1.2}, {0.1}, {0.0}};
        double[][] hy = {{0.0}, {0.1}, {0.0}};
        L0Smoothing.zeroWeakGradientsJointly(hx, hy, threshold);
        assertThat(hx[1][0]).isEqualTo(0.1);
        assertThat(hy[1][0]).isEqualTo(0.1);
        double[][] kx = {{0.5}, {0.5}, {0.5}};
        double[][] ky = {{0.0}, {0.0}, {0.0}};
        L0Smoothing.zeroWeakGradientsJointly(kx, ky, threshold);
        assertThat(kx[0][0]).isZero();
    }

    @Test
    void boundaryIsPeriodicSoACircularShiftCommutesWithTheOperator() {
        int w = 40;
        int h = 28;
        PlanarImage input = testImage(w, h, 12);
        int sx = 13;
        int sy = 5;
        PlanarImage shifted = shift(input, sx, sy);
        PlanarImage expected = shift(operator().apply(input), sx, sy);
        PlanarImage actual = operator().apply(shifted);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < w * h; i++) {
                assertThat(actual.plane(c)[i]).isCloseTo(expected.plane(c)[i], Offset.offset(1e-9));
            }
        }
    }

    private static PlanarImage shift(PlanarImage image, int sx, int sy) {
        int w = image.width();
        int h = image.height();
        double[][] planes = new double[3][w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    planes[c][((y + sy) % h) * w + (x + sx) % w] = image.plane(c)[y * w + x];
                }
            }
        }
        return new PlanarImage(w, h, planes);
    }

    @Test
    void keepsAStrongStepAndFlattensWeakNoiseAroundIt() {
        int w = 32;
        int h = 16;
        double[] grey = new double[w * h];
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < grey.length; i++) {
            grey[i] = (i % w < w / 2 ? 0.2 : 0.8) + 0.01 * random.nextGaussian();
        }
        PlanarImage out = operator().apply(PlanarImage.fromGrey(w, h, grey));
        double[] u = out.plane(0);
        // Two flat pieces (the periodic boundary also sees the wrap-around step): one value each.
        assertThat(u[5 * w + 3]).isCloseTo(u[9 * w + 12], Offset.offset(1e-3));
        assertThat(u[5 * w + 20]).isCloseTo(u[9 * w + 28], Offset.offset(1e-3));
        assertThat(u[5 * w + 20] - u[5 * w + 3]).isGreaterThan(0.55);
    }
}
