package io.fastimage.operator.exact;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastimage.image.PlanarImage;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.ReferenceOperator;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelativeTotalVariationTest extends OperatorContractTest {

    private static final int W = 64;
    private static final int H = 48;

    @Override
    protected ReferenceOperator operator() {
        return new RelativeTotalVariation();
    }

    /** A step from 0.25 to 0.75 at the middle column, overlaid with a 2-pixel checkerboard of amplitude 0.1. */
    private static PlanarImage texturedStep() {
        double[] grey = new double[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                grey[y * W + x] = (x < W / 2 ? 0.25 : 0.75) + (((x / 2 + y / 2) % 2 == 0) ? 0.1 : -0.1);
            }
        }
        return PlanarImage.fromGrey(W, H, grey);
    }

    private static double[] meanAndStd(double[] u, int fromX, int toX) {
        double sum = 0;
        double sq = 0;
        int n = 0;
        for (int y = 4; y < H - 4; y++) {
            for (int x = fromX; x < toX; x++) {
                sum += u[y * W + x];
                sq += u[y * W + x] * u[y * W + x];
                n++;
            }
        }
        double mean = sum / n;
        return new double[] {mean, Math.sqrt(Math.max(0, sq / n - mean * mean))};
    }

    @Test
    void flattensFineTextureAndKeepsTheLargeEdge() {
        double[] u = operator().apply(texturedStep()).plane(0);
        double[] left = meanAndStd(u, 4, W / 2 - 4);
        double[] right = meanAndStd(u, W / 2 + 4, W - 4);
        assertThat(left[1]).as("texture left").isLessThan(0.02);
        assertThat(right[1]).as("texture right").isLessThan(0.02);
        assertThat(right[0] - left[0]).as("edge").isGreaterThan(0.4);
        // The edge stays sharp: the two columns beside it are still about the full step apart.
        int y = H / 2;
        assertThat(u[y * W + W / 2 + 1] - u[y * W + W / 2 - 2]).isGreaterThan(0.3);
    }

    @Test
    void eachOuterIterationSolvesItsSystem() {
        PlanarImage input = testImage(40, 30, 31);
        ParameterValues oneIteration = ParameterValues.resolve(operator().info().parameters(), Map.of("iterations", "1"));
        PlanarImage out = operator().apply(input, oneIteration);
        double[][] planes = {input.plane(0), input.plane(1), input.plane(2)};
        FivePointSystem system = RelativeTotalVariation.system(planes, 40, 30, 3, 0.02, 0.01 / 2);
        for (int c = 0; c < 3; c++) {
            double[] ax = new double[input.pixelCount()];
            system.multiply(out.plane(c), ax);
            double rr = 0;
            double bb = 0;
            for (int i = 0; i < ax.length; i++) {
                rr += (ax[i] - input.plane(c)[i]) * (ax[i] - input.plane(c)[i]);
                bb += input.plane(c)[i] * input.plane(c)[i];
            }
            assertThat(Math.sqrt(rr / bb)).isLessThanOrEqualTo(1e-6);
        }
        // Edge weights are the texture weights times lambda / 2 (the authors' tsmooth), so a flat
        // image region (away from the zero-padded border of the blur) gets 0.005 / 0.02 / 0.001 = 250.
        double[] flat = new double[81];
        java.util.Arrays.fill(flat, 0.5);
        FivePointSystem flatSystem = RelativeTotalVariation.system(new double[][] {flat, flat, flat}, 9, 9, 0.5, 0.02, 0.005);
        assertThat(flatSystem.horizontal()[40]).isCloseTo(250, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(flatSystem.vertical()[40]).isCloseTo(250, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void gaussianWindowHasTheAuthorsOddSize() {
        assertThat(GaussianBlur.kernel(3)).hasSize(15);
        assertThat(GaussianBlur.kernel(1.5)).hasSize(9);
        assertThat(GaussianBlur.kernel(0.75)).hasSize(5);
        assertThat(GaussianBlur.kernel(0.5)).hasSize(3);
        assertThat(java.util.Arrays.stream(GaussianBlur.kernel(3)).sum()).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-12));
    }
}
