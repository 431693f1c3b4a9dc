package io.fastimage.operator.exact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ConjugateGradientSolverTest {

    private static FivePointSystem randomSystem(int w, int h, long seed, double edgeScale) {
        Random random = new Random(seed);
        int n = w * h;
        double[] d = new double[n];
        double[] hz = new double[n];
        double[] vt = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = 0.01 + random.nextDouble();
            // Edge-aware weights span orders of magnitude, as in WLS and RTV.
            hz[i] = edgeScale * Math.pow(10, -3 + 4 * random.nextDouble());
            vt[i] = edgeScale * Math.pow(10, -3 + 4 * random.nextDouble());
        }
        return new FivePointSystem(w, h, d, hz, vt);
    }

    @Test
    void solutionSatisfiesItsSystemToTheRequestedTolerance() {
        FivePointSystem a = randomSystem(37, 23, 1, 5);
        double[] b = new Random(2).doubles(a.size()).toArray();
        ConjugateGradientSolver.Result result = new ConjugateGradientSolver().solve(a, b, null);

        double[] ax = new double[a.size()];
        a.multiply(result.solution(), ax);
        double rr = 0;
        double bb = 0;
        for (int i = 0; i < b.length; i++) {
            rr += (b[i] - ax[i]) * (b[i] - ax[i]);
            bb += b[i] * b[i];
        }
        assertThat(Math.sqrt(rr / bb)).isLessThanOrEqualTo(1e-6);
        assertThat(result.relativeResidual()).isLessThanOrEqualTo(1e-6);
        assertThat(result.iterations()).isPositive();
    }

    @Test
    void multiplyMatchesTheDenseMatrix() {
        int w = 4;
        int h = 3;
        FivePointSystem a = randomSystem(w, h, 3, 1);
        int n = w * h;
        double[][] dense = new double[n][n];
        for (int i = 0; i < n; i++) {
            dense[i][i] += a.diagonal()[i];
            int x = i % w;
            int y = i / w;
            if (x + 1 < w) {
                addEdge(dense, i, i + 1, a.horizontal()[i]);
            }
            if (y + 1 < h) {
                addEdge(dense, i, i + w, a.vertical()[i]);
            }
        }
        double[] v = new Random(4).doubles(n).toArray();
        double[] out = new double[n];
        a.multiply(v, out);
        for (int i = 0; i < n; i++) {
            double expected = 0;
            for (int j = 0; j < n; j++) {
                expected += dense[i][j] * v[j];
            }
            assertThat(out[i]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    private static void addEdge(double[][] m, int i, int j, double w) {
        m[i][i] += w;
        m[j][j] += w;
        m[i][j] -= w;
        m[j][i] -= w;
    }

    @Test
    void incompleteCholeskyNeedsFewerIterationsThanUnpreconditionedSize() {
        FivePointSystem a = randomSystem(120, 80, 5, 50);
        double[] b = new Random(6).doubles(a.size()).toArray();
        ConjugateGradientSolver.Result result = new ConjugateGradientSolver().solve(a, b, null);
        assertThat(result.iterations()).isLessThan(400);
    }

    @Test
    void refusesToReturnALooseSolution() {
        FivePointSystem a = randomSystem(60, 60, 7, 100);
        double[] b = new Random(8).doubles(a.size()).toArray();
        assertThatThrownBy(() -> new ConjugateGradientSolver(1e-12, 2).solve(a, b, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not reach");
    }
}
