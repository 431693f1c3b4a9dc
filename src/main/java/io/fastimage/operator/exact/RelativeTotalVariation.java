package io.fastimage.operator.exact;

import io.fastimage.image.PlanarImage;
import io.fastimage.operator.Cancellation;
import io.fastimage.operator.OperatorInfo;
import io.fastimage.operator.ParameterSpec;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.ReferenceOperator;
import java.util.List;

/**
 * Structure extraction from texture by relative total variation (Xu, Yan, Xia, Jia, SIGGRAPH Asia
 * 2012), following the authors' {@code tsmooth}: each outer iteration computes texture weights from
 * the current estimate and solves {@code (I + (lambda/2) L_w) x = input} per channel, where
 * {@code L_w} is the weighted five-point Laplacian with per-edge weights
 * {@code w = 1 / max(mean_c |grad x|, eps_s) * 1 / max(mean_c |grad (G_sigma * x)|, 0.001)} (the first
 * factor uses the gradient magnitude, the second the absolute directional derivative of the blurred
 * estimate). The {@code 1/2} comes from the authors' code, which halves lambda before building the
 * system; the scale sigma of the Gaussian is halved after every iteration, not below 0.5.
 */
public final class RelativeTotalVariation implements ReferenceOperator {

    static final String LAMBDA = "lambda";
    static final String SIGMA = "sigma";
    static final String SHARPNESS = "sharpness";
    static final String ITERATIONS = "iterations";

    /** Floor of the blurred (windowed) gradient in the authors' code, which keeps flat regions finite. */
    private static final double WINDOWED_GRADIENT_FLOOR = 0.001;
    private static final double MIN_SIGMA = 0.5;

    private static final OperatorInfo INFO = new OperatorInfo("relative-total-variation", "RTV structure extraction",
            "Separates the main structures of an image from fine texture by relative total variation "
                    + "(Xu et al. 2012).",
            List.of(ParameterSpec.real(LAMBDA, "smoothness weight: larger removes coarser texture", 0.01, 1e-4, 0.2),
                    ParameterSpec.real(SIGMA, "texture scale in pixels (Gaussian window of the first iteration)",
                            3, 0.5, 20),
                    ParameterSpec.real(SHARPNESS, "eps_s: gradients below this count as flat; smaller keeps sharper "
                            + "edges", 0.02, 1e-3, 0.5),
                    ParameterSpec.whole(ITERATIONS, "outer iterations (sigma halves after each)", 4, 1, 10)));

    private final ConjugateGradientSolver solver = new ConjugateGradientSolver();

    @Override
    public OperatorInfo info() {
        return INFO;
    }

    @Override
    public PlanarImage apply(PlanarImage input, ParameterValues parameters) {
        double edgeScale = parameters.get(LAMBDA) / 2;
        double sigma = parameters.get(SIGMA);
        double sharpness = parameters.get(SHARPNESS);
        int w = input.width();
        int h = input.height();
        double[][] x = new double[PlanarImage.CHANNELS][];
        for (int c = 0; c < x.length; c++) {
            x[c] = input.plane(c).clone();
        }
        for (int iteration = 0; iteration < parameters.getInt(ITERATIONS); iteration++) {
            Cancellation.checkpoint();
            FivePointSystem system = system(x, w, h, sigma, sharpness, edgeScale);
            for (int c = 0; c < x.length; c++) {
                // The previous estimate is a close starting point; the tolerance, not the start, sets the answer.
                x[c] = solver.solve(system, input.plane(c), x[c]).solution();
            }
            sigma = Math.max(sigma / 2, MIN_SIGMA);
        }
        return new PlanarImage(w, h, x);
    }

    /** {@code I + edgeScale * L_w} with the texture weights of the estimate {@code x}. */
    static FivePointSystem system(double[][] x, int w, int h, double sigma, double sharpness, double edgeScale) {
        int n = w * h;
        double[] gradientMagnitude = new double[n];
        double[] windowedX = new double[n];
        double[] windowedY = new double[n];
        for (double[] plane : x) {
            double[] blurred = GaussianBlur.zeroPadded(plane, w, h, sigma);
            for (int y = 0; y < h; y++) {
                for (int col = 0; col < w; col++) {
                    int i = y * w + col;
                    double dx = col + 1 < w ? plane[i + 1] - plane[i] : 0;
                    double dy = y + 1 < h ? plane[i + w] - plane[i] : 0;
                    gradientMagnitude[i] += Math.sqrt(dx * dx + dy * dy);
                    windowedX[i] += Math.abs(col + 1 < w ? blurred[i + 1] - blurred[i] : 0);
                    windowedY[i] += Math.abs(y + 1 < h ? blurred[i + w] - blurred[i] : 0);
                }
            }
        }
        int channels = x.length;
        double[] horizontal = new double[n];
        double[] vertical = new double[n];
        double[] diagonal = new double[n];
        for (int i = 0; i < n; i++) {
            double overall = 1 / Math.max(gradientMagnitude[i] / channels, sharpness);
            horizontal[i] = edgeScale * overall / Math.max(windowedX[i] / channels, WINDOWED_GRADIENT_FLOOR);
            vertical[i] = edgeScale * overall / Math.max(windowedY[i] / channels, WINDOWED_GRADIENT_FLOOR);
            diagonal[i] = 1;
        }
        return new FivePointSystem(w, h, diagonal, horizontal, vertical);
    }
}
