package io.fastimage.operator.exact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fastimage.image.PlanarImage;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.ReferenceOperator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetailManipulationTest extends OperatorContractTest {

    private final DetailManipulation detail = new DetailManipulation();

    @Override
    protected ReferenceOperator operator() {
        return detail;
    }

    private ParameterValues withDetail(double factor) {
        return ParameterValues.resolve(detail.info().parameters(), Map.of("detail", Double.toString(factor)));
    }

    /** A 0.3 / 0.7 step at the middle column plus a fine texture of amplitude 0.01 that varies along y only. */
    private static double[] stepWithTexture(int w, int h) {
        double[] grey = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                grey[y * w + x] = (x < w / 2 ? 0.3 : 0.7) + 0.01 * Math.sin(y * Math.PI / 2);
            }
        }
        return grey;
    }

    @Test
    void pyramidCollapsesBackToItsInput() {
        double[] plane = testImage(37, 23, 8).plane(0);
        int levels = ImagePyramid.levelCount(37, 23);
        assertThat(levels).isEqualTo((int) Math.ceil(Math.log(23) - Math.log(2)) + 2);
        double[] back = ImagePyramid.collapse(ImagePyramid.laplacian(plane, 37, 23, levels));
        for (int i = 0; i < plane.length; i++) {
            assertThat(back[i]).isCloseTo(plane[i], within(1e-12));
        }
    }

    @Test
    void upsamplingKeepsAConstantUpToTheBorder() {
        double[] constant = new double[9 * 5];
        java.util.Arrays.fill(constant, 0.37);
        double[] up = ImagePyramid.upsample(new ImagePyramid.Level(9, 5, constant), 17, 10);
        for (double v : up) {
            assertThat(v).isCloseTo(0.37, within(1e-15));
        }
    }

    @Test
    void detailFactorOneIsTheIdentity() {
        PlanarImage input = testImage(50, 40, 6);
        PlanarImage out = detail.apply(input, withDetail(1));
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < input.pixelCount(); i++) {
                assertThat(out.plane(c)[i]).isCloseTo(input.plane(c)[i], within(1e-9));
            }
        }
    }

    @Test
    void amplifiesFineDetailButKeepsTheLargeEdgeWithoutHalo() {
        int w = 96;
        int h = 64;
        double[] grey = stepWithTexture(w, h);
        double[] out = new LocalLaplacianFilter(10).apply(grey, w, h, LocalLaplacianFilter.detail(0.1, 5));
        // Texture amplitude far from the edge: peak-to-peak along a column, 0.02 in the input.
        double peakToPeak = out[1 * w + 10] - out[3 * w + 10]; // sin = +1 at y = 1, -1 at y = 3
        assertThat(peakToPeak).isBetween(0.06, 0.11);
        // Column means cancel the texture: the step itself must stay where and how high it was.
        double maxHalo = 0;
        for (int x = 0; x < w; x++) {
            double in = 0;
            double o = 0;
            for (int y = 8; y < h - 8; y++) {
                in += grey[y * w + x];
                o += out[y * w + x];
            }
            maxHalo = Math.max(maxHalo, Math.abs(o - in) / (h - 16));
        }
        // A global unsharp mask with gain 5 would overshoot the 0.4 step by far more than 0.04.
        assertThat(maxHalo).isLessThan(0.04);
    }

    @Test
    void keepsTheHueOfEachPixel() {
        PlanarImage input = testImage(40, 32, 12);
        PlanarImage out = detail.apply(input);
        for (int i = 0; i < input.pixelCount(); i++) {
            boolean clipped = false;
            for (int c = 0; c < 3; c++) {
                clipped |= out.plane(c)[i] <= 0 || out.plane(c)[i] >= 1;
            }
            if (!clipped && input.plane(1)[i] > 0.05) {
                assertThat(out.plane(0)[i] / out.plane(1)[i]).isCloseTo(input.plane(0)[i] / input.plane(1)[i], within(1e-9));
            }
        }
    }

    @Test
    void registryListsEveryOperatorOfPartTwoOnce() {
        List<String> ids = ReferenceOperators.all().stream().map(o -> o.info().id()).toList();
        assertThat(ids).contains("detail-manipulation", "photographic-style", "dark-channel-dehazing",
                "nonlocal-dehazing", "pencil-drawing").doesNotHaveDuplicates();
    }
}
