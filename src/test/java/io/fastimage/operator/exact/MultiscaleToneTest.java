package io.fastimage.operator.exact;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastimage.image.PlanarImage;
import io.fastimage.operator.ReferenceOperator;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class MultiscaleToneTest extends OperatorContractTest {

    @Override
    protected ReferenceOperator operator() {
        return new MultiscaleTone();
    }

    @Test
    void wlsSolveSatisfiesItsSystem() {
        PlanarImage input = testImage(48, 36, 41);
        double[] l = CieLab.fromSrgb(input).lightness();
        for (double lambda : new double[] {0.125, 0.5}) {
            FivePointSystem system = WeightedLeastSquares.system(MultiscaleTone.logLuminance(input), 48, 36, lambda, 1.2);
            double[] u = WeightedLeastSquares.smooth(l, system, new ConjugateGradientSolver());
            double[] au = new double[u.length];
            system.multiply(u, au);
            double rr = 0;
            double bb = 0;
            for (int i = 0; i < u.length; i++) {
                rr += (au[i] - l[i]) * (au[i] - l[i]);
                bb += l[i] * l[i];
            }
            assertThat(Math.sqrt(rr / bb)).isLessThanOrEqualTo(1e-6);
        }
    }

    @Test
    void wlsAffinityFollowsTheAuthorsFormula() {
        double[] ell = {0.0, 0.5, 0.5, 0.5};
        FivePointSystem system = WeightedLeastSquares.system(ell, 2, 2, 0.125, 1.2);
        assertThat(system.horizontal()[0]).isCloseTo(0.125 / (Math.pow(0.5, 1.2) + 1e-4), Offset.offset(1e-12));
        assertThat(system.horizontal()[2]).isCloseTo(0.125 / 1e-4, Offset.offset(1e-9));
    }

    @Test
    void constantImageMapsThroughTheBaseCurveExactly() {
        double[] rgb = {0.3, 0.5, 0.7};
        double[][] planes = new double[3][12 * 9];
        for (int c = 0; c < 3; c++) {
            java.util.Arrays.fill(planes[c], rgb[c]);
        }
        PlanarImage out = operator().apply(new PlanarImage(12, 9, planes));
        double[] lab = new double[3];
        CieLab.fromSrgb(rgb[0], rgb[1], rgb[2], lab);
        double expectedL = 100 * MultiscaleTone.sigmoid((lab[0] - 56) / 100, 5) + 56;
        double[] expected = new double[3];
        CieLab.toSrgb(expectedL, lab[1], lab[2], expected);
        for (int c = 0; c < 3; c++) {
            for (double v : out.plane(c)) {
                assertThat(v).isCloseTo(expected[c], Offset.offset(1e-12));
            }
        }
        // The curve really moved this tone: (L, a, b) of the result differs from the input's L only.
        assertThat(Math.abs(expectedL - lab[0])).isGreaterThan(0.5);
    }

    @Test
    void sigmoidIsOddAndPassesThroughHalf() {
        assertThat(MultiscaleTone.sigmoid(0, 10)).isZero();
        assertThat(MultiscaleTone.sigmoid(0.5, 10)).isCloseTo(0.5, Offset.offset(1e-15));
        assertThat(MultiscaleTone.sigmoid(-0.2, 15)).isCloseTo(-MultiscaleTone.sigmoid(0.2, 15), Offset.offset(1e-15));
        // Slope at 0 above 1 for a = 10: small details are amplified.
        assertThat(MultiscaleTone.sigmoid(0.01, 10) / 0.01).isGreaterThan(2);
    }

    @Test
    void cieLabMatchesKnownValuesAndRoundTrips() {
        double[] lab = new double[3];
        CieLab.fromSrgb(1, 1, 1, lab);
        assertThat(lab[0]).isCloseTo(100, Offset.offset(1e-9));
        assertThat(lab[1]).isCloseTo(0, Offset.offset(1e-9));
        assertThat(lab[2]).isCloseTo(0, Offset.offset(1e-9));
        CieLab.fromSrgb(1, 0, 0, lab);
        assertThat(lab[0]).isCloseTo(53.24, Offset.offset(0.01));
        assertThat(lab[1]).isCloseTo(80.09, Offset.offset(0.02));
        assertThat(lab[2]).isCloseTo(67.20, Offset.offset(0.02));
        double[] back = new double[3];
        java.util.Random random = new java.util.Random(5);
        for (int k = 0; k < 1000; k++) {
            double r = random.nextDouble();
            double g = random.nextDouble();
            double b = random.nextDouble();
            CieLab.fromSrgb(r, g, b, lab);
            CieLab.toSrgb(lab[0], lab[1], lab[2], back);
            assertThat(back[0]).isCloseTo(r, Offset.offset(1e-9));
            assertThat(back[1]).isCloseTo(g, Offset.offset(1e-9));
            assertThat(back[2]).isCloseTo(b, Offset.offset(1e-9));
        }
    }

    @Test
    void boostsLocalDetailAndLeavesChromaAlone() {
        PlanarImage input = testImage(48, 36, 42);
        PlanarImage out = operator().apply(input);
        CieLab.Planes before = CieLab.fromSrgb(input);
        CieLab.Planes after = CieLab.fromSrgb(out);
        double detailBefore = 0;
        double detailAfter = 0;
        for (int i = 1; i < before.lightness().length; i++) {
            detailBefore += Math.abs(before.lightness()[i] - before.lightness()[i - 1]);
            detailAfter += Math.abs(after.lightness()[i] - after.lightness()[i - 1]);
            assertThat(after.a()[i]).isCloseTo(before.a()[i], Offset.offset(1e-6));
        }
        assertThat(detailAfter).isGreaterThan(1.3 * detailBefore);
    }
}
