package io.fastimage.operator.exact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fastimage.image.PlanarImage;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.ReferenceOperator;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhotographicStyleTest extends OperatorContractTest {

    private final PhotographicStyle style = new PhotographicStyle();

    @Override
    protected ReferenceOperator operator() {
        return style;
    }

    private PlanarImage run(PlanarImage input, int iterations) {
        return style.apply(input, ParameterValues.resolve(style.info().parameters(),
                Map.of("iterations", Integer.toString(iterations))));
    }

    private static double quantile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.round(p * (sorted.length - 1))];
    }

    @Test
    void outputIsGreyWithTheExemplarsTones() {
        PlanarImage out = style.apply(TestImages.photoCrop(0, 500, 1080, 96));
        assertThat(out.plane(0)).isEqualTo(out.plane(1)).isEqualTo(out.plane(2));
        HistogramMatching.Quantiles tones = PhotographicStyle.Exemplar.INSTANCE.tones();
        for (double p = 0.1; p < 0.95; p += 0.1) {
            assertThat(quantile(out.plane(0), p)).as("quantile " + p).isCloseTo(tones.at(p), within(0.01));
        }
    }

    @Test
    void gradientTransferMovesTheGradientDistributionTowardsTheExemplar() {
        PlanarImage input = TestImages.photoCrop(0, 500, 1080, 96);
        HistogramMatching.Quantiles target = PhotographicStyle.Exemplar.INSTANCE.gradients();
        double[] matchedOnly = PhotographicStyle.gradientMagnitudes(run(input, 0).plane(0), 96, 96);
        double[] transferred = PhotographicStyle.gradientMagnitudes(run(input, 4).plane(0), 96, 96);
        double before = 0;
        double after = 0;
        for (double p = 0.1; p < 0.95; p += 0.1) {
            before += Math.abs(Math.log(quantile(matchedOnly, p) / target.at(p)));
            after += Math.abs(Math.log(quantile(transferred, p) / target.at(p)));
        }
        System.out.printf("gradient quantile log-distance: histogram match only %.3f, with transfer %.3f%n", before, after);
        assertThat(after).isLessThan(0.6 * before);
    }

    @Test
    void transferFunctionIsMonotoneThroughZeroWithSlopeOneBeyondTheData() {
        double[] current = {0, 0, 0.01, 0.02, 0.03, 0.05, 0.1};
        PhotographicStyle.GradientTransfer f = PhotographicStyle.GradientTransfer.between(current, p -> 2 * p * 0.1);
        assertThat(f.map(0)).isEqualTo(0.0);
        double previous = 0;
        for (double d = 0; d < 0.3; d += 0.001) {
            assertThat(f.map(d)).isGreaterThanOrEqualTo(previous);
            previous = f.map(d);
        }
        assertThat(f.map(0.5) - f.map(0.4)).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void histogramMatchingGivesEqualValuesEqualResults() {
        double[] values = {0.5, 0.1, 0.5, 0.9, 0.5};
        double[] matched = HistogramMatching.match(values, p -> p);
        assertThat(matched).containsExactly(0.5, 0.0, 0.5, 1.0, 0.5);
    }
}
