package io.fastimage.operator.exact;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastimage.image.PlanarImage;
import io.fastimage.operator.ReferenceOperator;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class TvL1RestorationTest extends OperatorContractTest {

    private static final int SIZE = 64;
    private static final double BACKGROUND = 0.2;

    @Override
    protected ReferenceOperator operator() {
        return new TvL1Restoration();
    }

    /** A disc of radius 14 (far above the scale 2 / lambda = 4) and a 3x3 dot (below it). */
    private static PlanarImage discAndDot(double discValue, double dotValue) {
        double[] grey = new double[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double dx = x - 24;
                double dy = y - 30;
                boolean inDisc = dx * dx + dy * dy <= 14 * 14;
                boolean inDot = Math.abs(x - 52) <= 1 && Math.abs(y - 10) <= 1;
                grey[y * SIZE + x] = inDisc ? discValue : (inDot ? dotValue : BACKGROUND);
            }
        }
        return PlanarImage.fromGrey(SIZE, SIZE, grey);
    }

    @Test
    void removesASmallFeatureAndKeepsTheFullContrastOfALargeOne() {
        for (double contrast : new double[] {0.6, 0.25}) {
            PlanarImage out = operator().apply(discAndDot(BACKGROUND + contrast, BACKGROUND + contrast));
            double[] u = out.plane(0);
            assertThat(u[10 * SIZE + 52]).as("dot, contrast " + contrast).isCloseTo(BACKGROUND, Offset.offset(0.02));
            assertThat(u[30 * SIZE + 24]).as("disc, contrast " + contrast)
                    .isCloseTo(BACKGROUND + contrast, Offset.offset(0.01));
            assertThat(u[2 * SIZE + 2]).isCloseTo(BACKGROUND, Offset.offset(0.01));
        }
    }

    @Test
    void largerLambdaKeepsSmallerFeatures() {
        var keepSmall = io.fastimage.operator.ParameterValues.resolve(operator().info().parameters(),
                java.util.Map.of("lambda", "3"));
        double[] u = operator().apply(discAndDot(0.8, 0.8), keepSmall).plane(0);
        assertThat(u[10 * SIZE + 52]).isGreaterThan(0.7);
    }
}
