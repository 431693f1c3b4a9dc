package io.fastimage.operator.exact;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastimage.image.PlanarImage;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.ReferenceOperator;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RudinOsherFatemiTest extends OperatorContractTest {

    private static final double LAMBDA = 0.05;

    @Override
    protected ReferenceOperator operator() {
        return new RudinOsherFatemi();
    }

    @Test
    void resultHasLowerEnergyThanTheInputAndThanPerturbationsOfItself() {
        int w = 48;
        int h = 40;
        PlanarImage input = testImage(w, h, 21);
        PlanarImage output = operator().apply(input);
        Random random = new Random(22);
        for (int c = 0; c < 3; c++) {
            double[] f = input.plane(c);
            double[] u = output.plane(c);
            double best = RudinOsherFatemi.energy(u, f, w, h, LAMBDA);
            assertThat(best).isLessThan(RudinOsherFatemi.energy(f, f, w, h, LAMBDA));
            for (double size : new double[] {1e-2, 1e-3}) {
                for (int trial = 0; trial < 5; trial++) {
                    double[] perturbed = u.clone();
                    for (int i = 0; i < perturbed.length; i++) {
                        perturbed[i] += size * random.nextGaussian();
                    }
                    assertThat(RudinOsherFatemi.energy(perturbed, f, w, h, LAMBDA)).isGreaterThan(best);
                }
                // Moving towards the input, or towards a flatter image, also costs energy.
                double[] towardsInput = u.clone();
                double[] flatter = u.clone();
                double mean = java.util.Arrays.stream(u).average().orElseThrow();
                for (int i = 0; i < u.length; i++) {
                    towardsInput[i] += size * (f[i] - u[i]);
                    flatter[i] += size * (mean - u[i]);
                }
                assertThat(RudinOsherFatemi.energy(towardsInput, f, w, h, LAMBDA)).isGreaterThan(best);
                assertThat(RudinOsherFatemi.energy(flatter, f, w, h, LAMBDA)).isGreaterThan(best);
            }
        }
    }

    @Test
    void moreIterationsChangeTheResultByLessThanHalfAnEightBitStep() {
        PlanarImage input = testImage(40, 32, 23);
        var defaults = ParameterValues.defaults(operator().info().parameters());
        var longer = ParameterValues.resolve(operator().info().parameters(),
                Map.of("min-iterations", "2000", "max-iterations", "2000"));
        PlanarImage converged = operator().apply(input, longer);
        PlanarImage standard = operator().apply(input, defaults);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < input.pixelCount(); i++) {
                assertThat(standard.plane(c)[i]).isCloseTo(converged.plane(c)[i], org.assertj.core.data.Offset.offset(1e-3));
            }
        }
    }

    @Test
    void flatImageIsAFixedPoint() {
        double[] grey = new double[20 * 10];
        java.util.Arrays.fill(grey, 0.4);
        PlanarImage flat = PlanarImage.fromGrey(20, 10, grey);
        for (double v : operator().apply(flat).plane(1)) {
            assertThat(v).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-12));
        }
    }
}
