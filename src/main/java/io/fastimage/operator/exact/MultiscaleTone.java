package io.fastimage.operator.exact;

import io.fastimage.image.PlanarImage;
import io.fastimage.operator.Cancellation;
import io.fastimage.operator.OperatorInfo;
import io.fastimage.operator.ParameterSpec;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.ReferenceOperator;
import java.util.List;

/**
 * Multiscale tone and detail manipulation (Farbman, Fattal, Lischinski, Szeliski, SIGGRAPH 2008).
 * The CIELAB lightness L is decomposed by two WLS smoothings of L itself ({@link WeightedLeastSquares},
 * affinities from the log-luminance {@code ln(Y + 1e-4)} of the input, alpha 1.2, smoothness 0.125
 * giving L0 and 0.5 giving L1) into a base L1, a medium layer L0 - L1 and a fine layer L - L0. Each is
 * mapped by a sigmoid {@code s(x, a) = (1/(1+e^(-a x)) - 1/2) / 2 / (1/(1+e^(-a/2)) - 1/2)} and summed:
 * {@code L' = 100 s((L1 - 56)/100, base) + 56 + 100 s((L0 - L1)/100, medium) + 100 s((L - L0)/100, fine)}.
 * Chroma a, b is kept.
 */
public final class MultiscaleTone implements ReferenceOperator {

    static final String ALPHA = "alpha";
    static final String FINE_SMOOTHNESS = "fine-smoothness";
    static final String COARSE_SMOOTHNESS = "coarse-smoothness";
    static final String FINE_CONTRAST = "fine-contrast";
    static final String MEDIUM_CONTRAST = "medium-contrast";
    static final String BASE_CONTRAST = "base-contrast";

    /** The lightness the base curve pivots around (exposure 1.0). */
    static final double BASE_PIVOT = 56;
    /** Keeps the log of black finite: below the luminance of the darkest non-black 8-bit sRGB value (3e-4). */
    static final double LUMINANCE_FLOOR = 1e-4;

    private static final OperatorInfo INFO = new OperatorInfo("multiscale-tone", "Multiscale tone manipulation",
            "Boosts fine and medium detail and compresses the base tone of the lightness, using two "
                    + "edge-preserving WLS smoothings (Farbman et al. 2008); colour unchanged.",
            List.of(ParameterSpec.real(ALPHA, "WLS sensitivity to log-luminance edges", 1.2, 0.5, 3),
                    ParameterSpec.real(FINE_SMOOTHNESS, "WLS smoothness of the finer base layer L0", 0.125, 1e-3, 10),
                    ParameterSpec.real(COARSE_SMOOTHNESS, "WLS smoothness of the coarser base layer L1", 0.5, 1e-3, 50),
                    ParameterSpec.real(FINE_CONTRAST, "sigmoid slope of the fine detail L - L0", 10, 0.1, 50),
                    ParameterSpec.real(MEDIUM_CONTRAST, "sigmoid slope of the medium detail L0 - L1", 15, 0.1, 50),
                    ParameterSpec.real(BASE_CONTRAST, "sigmoid slope of the base L1 around L = 56", 5, 0.1, 50)));

    private final ConjugateGradientSolver solver = new ConjugateGradientSolver();

    @Override
    public OperatorInfo info() {
        return INFO;
    }

    @Override
    public PlanarImage apply(PlanarImage input, ParameterValues parameters) {
        int w = input.width();
        int h = input.height();
        CieLab.Planes lab = CieLab.fromSrgb(input);
        double[] logLuminance = logLuminance(input);
        double alpha = parameters.get(ALPHA);
        double[] l = lab.lightness();
        Cancellation.checkpoint();
        double[] l0 = WeightedLeastSquares.smooth(l,
                WeightedLeastSquares.system(logLuminance, w, h, parameters.get(FINE_SMOOTHNESS), alpha), solver);
        Cancellation.checkpoint();
        double[] l1 = WeightedLeastSquares.smooth(l,
                WeightedLeastSquares.system(logLuminance, w, h, parameters.get(COARSE_SMOOTHNESS), alpha), solver);
        double fine = parameters.get(FINE_CONTRAST);
        double medium = parameters.get(MEDIUM_CONTRAST);
        double base = parameters.get(BASE_CONTRAST);
        double[] toned = new double[l.length];
        for (int i = 0; i < l.length; i++) {
            toned[i] = 100 * sigmoid((l1[i] - BASE_PIVOT) / 100, base) + BASE_PIVOT
                    + 100 * sigmoid((l0[i] - l1[i]) / 100, medium)
                    + 100 * sigmoid((l[i] - l0[i]) / 100, fine);
        }
        return CieLab.toSrgb(w, h, new CieLab.Planes(toned, lab.a(), lab.b()));
    }

    /** {@code ln(Y + 1e-4)}: the guide of the WLS affinities. */
    static double[] logLuminance(PlanarImage image) {
        double[] ell = new double[image.pixelCount()];
        for (int i = 0; i < ell.length; i++) {
            ell[i] = Math.log(CieLab.luminance(image.plane(0)[i], image.plane(1)[i], image.plane(2)[i]) + LUMINANCE_FLOOR);
        }
        return ell;
    }

    /** The tone curve: odd, increasing, scaled so that it passes through (1/2, 1/2); larger {@code a} is steeper at 0. */
    static double sigmoid(double x, double a) {
        return (1 / (1 + Math.exp(-a * x)) - 0.5) * 0.5 / (1 / (1 + Math.exp(-a / 2)) - 0.5);
    }
}
