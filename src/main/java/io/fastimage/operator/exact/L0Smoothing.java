package io.fastimage.operator.exact;

import io.fastimage.image.OpenCv;
import io.fastimage.image.PlanarImage;
import io.fastimage.operator.Cancellation;
import io.fastimage.operator.OperatorInfo;
import io.fastimage.operator.ParameterSpec;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.ReferenceOperator;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * L0 gradient minimisation (Xu, Lu, Xu, Jia, SIGGRAPH Asia 2011): minimise
 * {@code ||S - I||^2 + lambda * #{p : grad S(p) != 0}} by half-quadratic splitting. Each round
 * (1) sets the auxiliary gradients (h, v) to the circular differences of S, or to zero where the
 * gradient energy summed over the three channels is below {@code lambda / beta} (one joint decision
 * per pixel, as in the authors' colour version), and (2) solves
 * {@code (1 + beta D^T D) S = I + beta D^T (h, v)} exactly in the Fourier domain; then beta grows by kappa.
 * Differences are circular, so the boundary is periodic, which is what makes the FFT solve exact.
 */
public final class L0Smoothing implements ReferenceOperator {

    static final String LAMBDA = "lambda";
    static final String KAPPA = "kappa";
    static final String BETA_MAX = "beta-max";

    private static final OperatorInfo INFO = new OperatorInfo("l0-smoothing", "L0 gradient minimization",
            "Flattens an image into piecewise-constant regions by limiting the number of non-zero gradients "
                    + "(Xu et al. 2011).",
            List.of(ParameterSpec.real(LAMBDA, "weight of the gradient count: larger gives fewer, larger regions",
                            0.01, 1e-4, 0.5),
                    ParameterSpec.real(KAPPA, "factor by which beta grows each round", 2, 1.2, 10),
                    ParameterSpec.real(BETA_MAX, "beta at which the rounds stop", 1e5, 10, 1e8)));

    @Override
    public OperatorInfo info() {
        return INFO;
    }

    @Override
    public PlanarImage apply(PlanarImage input, ParameterValues parameters) {
        double lambda = parameters.get(LAMBDA);
        double kappa = parameters.get(KAPPA);
        double betaMax = parameters.get(BETA_MAX);
        OpenCv.ensureLoaded();
        int w = input.width();
        int h = input.height();
        int n = w * h;
        int channels = PlanarImage.CHANNELS;
        double[] differenceSpectrum = circularDifferenceSpectrum(w, h);
        double[][] s = new double[channels][];
        for (int c = 0; c < channels; c++) {
            s[c] = input.plane(c).clone();
        }
        double[][] gx = new double[channels][n];
        double[][] gy = new double[channels][n];
        double[] rhs = new double[n];
        double[] denominator = new double[n];
        try (FourierSolver fourier = new FourierSolver(w, h)) {
            for (double beta = 2 * lambda; beta < betaMax; beta *= kappa) {
                Cancellation.checkpoint();
                for (int c = 0; c < channels; c++) {
                    circularGradient(s[c], w, h, gx[c], gy[c]);
                }
                zeroWeakGradientsJointly(gx, gy, lambda / beta);
                for (int i = 0; i < n; i++) {
                    denominator[i] = 1 + beta * differenceSpectrum[i];
                }
                for (int c = 0; c < channels; c++) {
                    double[] source = input.plane(c);
                    circularDivergenceAdjoint(gx[c], gy[c], w, h, rhs);
                    for (int i = 0; i < n; i++) {
                        rhs[i] = source[i] + beta * rhs[i];
                    }
                    fourier.divideSpectrum(rhs, denominator, s[c]);
                }
            }
        }
        return new PlanarImage(w, h, s);
    }

    /** Forward circular differences: {@code gx(x) = s(x+1) - s(x)} with x+1 wrapping to 0. */
    static void circularGradient(double[] s, int w, int h, double[] gx, double[] gy) {
        for (int y = 0; y < h; y++) {
            int row = y * w;
            int below = ((y + 1) % h) * w;
            for (int x = 0; x < w; x++) {
                int i = row + x;
                int right = x + 1 < w ? i + 1 : row;
                gx[i] = s[right] - s[i];
                gy[i] = s[below + x] - s[i];
            }
        }
    }

    /** Where {@code sum_c (gx^2 + gy^2) < threshold}, all channels' gradients become zero (one decision per pixel). */
    static void zeroWeakGradientsJointly(double[][] gx, double[][] gy, double threshold) {
        int n = gx[0].length;
        for (int i = 0; i < n; i++) {
            double energy = 0;
            for (int c = 0; c < gx.length; c++) {
                energy += gx[c][i] * gx[c][i] + gy[c][i] * gy[c][i];
            }
            if (energy < threshold) {
                for (int c = 0; c < gx.length; c++) {
                    gx[c][i] = 0;
                    gy[c][i] = 0;
                }
            }
        }
    }

    /** {@code out = D^T (gx, gy)}, the adjoint of {@link #circularGradient}: {@code gx(x-1) - gx(x) + gy(y-1) - gy(y)}. */
    private static void circularDivergenceAdjoint(double[] gx, double[] gy, int w, int h, double[] out) {
        for (int y = 0; y < h; y++) {
            int row = y * w;
            int above = ((y + h - 1) % h) * w;
            for (int x = 0; x < w; x++) {
                int i = row + x;
                int left = x > 0 ? i - 1 : row + w - 1;
                out[i] = gx[left] - gx[i] + gy[above + x] - gy[i];
            }
        }
    }

    /**
     * {@code |F(d_x)|^2 + |F(d_y)|^2} at every frequency, row-major: the eigenvalues of {@code D^T D}
     * for circular forward differences, {@code (2 - 2 cos(2 pi k / w)) + (2 - 2 cos(2 pi l / h))}.
     */
    private static double[] circularDifferenceSpectrum(int w, int h) {
        double[] horizontal = new double[w];
        for (int k = 0; k < w; k++) {
            horizontal[k] = 2 - 2 * Math.cos(2 * Math.PI * k / w);
        }
        double[] spectrum = new double[w * h];
        for (int l = 0; l < h; l++) {
            double vertical = 2 - 2 * Math.cos(2 * Math.PI * l / h);
            for (int k = 0; k < w; k++) {
                spectrum[l * w + k] = horizontal[k] + vertical;
            }
        }
        return spectrum;
    }

    /** Real 2-D DFT through OpenCV (double precision, any size): {@code out = F^-1(F(in) / denominator)}. */
    private static final class FourierSolver implements AutoCloseable {
        private final Mat real;
        private final Mat spectrum = new Mat();
        private final Mat result = new Mat();
        private final double[] complex;

        FourierSolver(int w, int h) {
            this.real = new Mat(h, w, CvType.CV_64FC1);
            this.complex = new double[2 * w * h];
        }

        void divideSpectrum(double[] in, double[] denominator, double[] out) {
            real.put(0, 0, in);
            Core.dft(real, spectrum, Core.DFT_COMPLEX_OUTPUT);
            spectrum.get(0, 0, complex);
            for (int i = 0; i < denominator.length; i++) {
                complex[2 * i] /= denominator[i];
                complex[2 * i + 1] /= denominator[i];
            }
            spectrum.put(0, 0, complex);
            Core.idft(spectrum, result, Core.DFT_SCALE | Core.DFT_REAL_OUTPUT);
            result.get(0, 0, out);
        }

        @Override
        public void close() {
            real.release();
            spectrum.release();
            result.release();
        }
    }
}
