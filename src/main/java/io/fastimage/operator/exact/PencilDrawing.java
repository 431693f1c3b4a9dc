package io.fastimage.operator.exact;

import io.fastimage.image.PencilTexture;
import io.fastimage.image.PlanarImage;
import io.fastimage.operator.Cancellation;
import io.fastimage.operator.InvalidParameterException;
import io.fastimage.operator.OperatorInfo;
import io.fastimage.operator.ParameterSpec;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.ReferenceOperator;
import java.util.Arrays;
import java.util.List;

/**
 * Pencil drawing (Lu, Xu, Jia NPAR 2012) of the BT.601 luma: a stroke layer {@code S} drawn along the
 * image's edges times a tone layer {@code T} that renders the tones with pencil texture.
 *
 * <p>Strokes: the gradient magnitude is assigned, pixel by pixel, to the one of 8 line directions whose
 * line-filtered response is largest there, and each direction's share is drawn back with its line
 * kernel; {@code S = 1 - S' / max S'}. Tone: the luma is histogram-matched to the three-part model of
 * pencil drawings (bright Laplacian, mid-tone uniform, dark Gaussian, weights 76 : 22 : 2), and the
 * texture {@code H} is fitted to that tone map {@code J} by {@code H^beta}, with
 * {@code beta = argmin ||beta ln H - ln J||^2 + theta ||grad beta||^2}, solved with the shared solver.
 */
public final class PencilDrawing implements ReferenceOperator {

    static final int DIRECTIONS = 8;
    /** Tone levels of the model, as in the paper: values 0..255. */
    private static final int LEVELS = 256;
    /** Keeps {@code ln J} finite where the tone map reaches black. */
    private static final double MIN_TONE = 1e-3;

    private static final OperatorInfo INFO = new OperatorInfo("pencil-drawing", "Pencil drawing",
            "Renders a photo as a pencil sketch: edge strokes times pencil-textured tones (grey output).",
            List.of(ParameterSpec.whole("kernel-half-size", "half length of the stroke line kernels in pixels", 7, 1, 40),
                    ParameterSpec.real("line-width", "width of the stroke lines in pixels", 1, 0.5, 5),
                    ParameterSpec.real("theta", "smoothness of the texture exponent beta", 0.2, 0.001, 10),
                    ParameterSpec.real("weight-bright", "tone model weight of the bright layer", 76, 0, 100),
                    ParameterSpec.real("weight-mid", "tone model weight of the mid-tone layer", 22, 0, 100),
                    ParameterSpec.real("weight-dark", "tone model weight of the dark layer", 2, 0, 100)));

    /** Fixed parameters of the tone model (Lu et al., values on the 0..255 scale). */
    static final double SIGMA_B = 9;
    static final double U_A = 105;
    static final double U_B = 225;
    static final double MU_D = 90;
    static final double SIGMA_D = 11;

    /** The stroke texture is tiled from the image's top-left corner: turning the photo moves the strokes. */
    @Override
    public boolean commutesWithFlipsAndTurns() {
        return false;
    }

    @Override
    public OperatorInfo info() {
        return INFO;
    }

    @Override
    public PlanarImage apply(PlanarImage input, ParameterValues parameters) {
        int w = input.width();
        int h = input.height();
        double[] luma = Luma.bt601(input);
        double[] strokes = strokeLayer(luma, w, h, parameters.getInt("kernel-half-size"), parameters.get("line-width"));
        Cancellation.checkpoint();
        double[] tone = toneMap(luma, parameters.get("weight-bright"), parameters.get("weight-mid"), parameters.get("weight-dark"));
        double[] texture = textureLayer(tone, w, h, parameters.get("theta"));
        double[] out = new double[w * h];
        for (int i = 0; i < out.length; i++) {
            out[i] = Luma.clamp01(strokes[i] * texture[i]);
        }
        return PlanarImage.fromGrey(w, h, out);
    }

    /** The stroke layer {@code S} in [0, 1]: dark along edges, 1 where the image is flat. */
    static double[] strokeLayer(double[] luma, int w, int h, int halfSize, double lineWidth) {
        int n = w * h;
        double[] gradient = new double[n];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double dx = x + 1 < w ? luma[i + 1] - luma[i] : 0;
                double dy = y + 1 < h ? luma[i + w] - luma[i] : 0;
                gradient[i] = Math.sqrt(dx * dx + dy * dy);
            }
        }
        LineKernel[] kernels = new LineKernel[DIRECTIONS];
        double[][] response = new double[DIRECTIONS][];
        for (int k = 0; k < DIRECTIONS; k++) {
            kernels[k] = new LineKernel(Math.PI * k / DIRECTIONS, halfSize, lineWidth);
            response[k] = kernels[k].apply(gradient, w, h);
        }
        Cancellation.checkpoint();
        double[][] classified = new double[DIRECTIONS][n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int k = 1; k < DIRECTIONS; k++) {
                if (response[k][i] > response[best][i]) {
                    best = k;
                }
            }
            classified[best][i] = gradient[i];
        }
        double[] drawn = new double[n];
        for (int k = 0; k < DIRECTIONS; k++) {
            double[] line = kernels[k].apply(classified[k], w, h);
            for (int i = 0; i < n; i++) {
                drawn[i] += line[i];
            }
        }
        double max = 0;
        for (double v : drawn) {
            max = Math.max(max, v);
        }
        double[] strokes = new double[n];
        for (int i = 0; i < n; i++) {
            strokes[i] = max > 0 ? 1 - drawn[i] / max : 1;
        }
        return strokes;
    }

    /** The tone map {@code J}: luma histogram-matched to the pencil tone model, values in [0, 1]. */
    static double[] toneMap(double[] luma, double weightBright, double weightMid, double weightDark) {
        double[] cdf = toneModelCdf(weightBright, weightMid, weightDark);
        return HistogramMatching.match(luma, p -> inverseCdf(cdf, p) / (LEVELS - 1));
    }

    /**
     * Cumulative distribution of the tone model over the levels 0..255: weights times a Laplacian peak
     * at white ({@code e^(-(255 - v) / sigma_b) / sigma_b}), a uniform band on [u_a, u_b] and a Gaussian
     * around mu_d; the weights need not sum to 100.
     */
    static double[] toneModelCdf(double weightBright, double weightMid, double weightDark) {
        double total = weightBright + weightMid + weightDark;
        if (!(total > 0)) {
            throw new InvalidParameterException("weight-bright",
                    "the tone model weights must not all be 0");
        }
        double[] density = new double[LEVELS];
        double[] bright = new double[LEVELS];
        double[] mid = new double[LEVELS];
        double[] dark = new double[LEVELS];
        for (int v = 0; v < LEVELS; v++) {
            bright[v] = Math.exp(-(LEVELS - 1 - v) / SIGMA_B) / SIGMA_B;
            mid[v] = v >= U_A && v <= U_B ? 1 / (U_B - U_A) : 0;
            dark[v] = Math.exp(-(v - MU_D) * (v - MU_D) / (2 * SIGMA_D * SIGMA_D)) / Math.sqrt(2 * Math.PI * SIGMA_D);
        }
        double[][] layers = {bright, mid, dark};
        double[] weights = {weightBright, weightMid, weightDark};
        for (int layer = 0; layer < 3; layer++) {
            double mass = 0;
            for (double p : layers[layer]) {
                mass += p;
            }
            // Each layer is normalised over the discrete levels so that the weights are its share.
            for (int v = 0; v < LEVELS; v++) {
                density[v] += weights[layer] / total * layers[layer][v] / mass;
            }
        }
        double[] cdf = new double[LEVELS];
        double running = 0;
        for (int v = 0; v < LEVELS; v++) {
            running += density[v];
            cdf[v] = running;
        }
        cdf[LEVELS - 1] = 1;
        return cdf;
    }

    /**
     * The level at cumulative probability {@code p}, reading level v as the interval (v - 1, v] of the
     * continuous tone axis, so the inverse is continuous and monotone.
     */
    private static double inverseCdf(double[] cdf, double p) {
        double previous = 0;
        for (int v = 0; v < cdf.length; v++) {
            if (p <= cdf[v]) {
                double share = cdf[v] - previous;
                double within = share > 0 ? (p - previous) / share : 1;
                return Math.max(0, v - 1 + within);
            }
            previous = cdf[v];
        }
        return cdf.length - 1;
    }

    /** The texture layer {@code T = H^beta} that renders the tone map {@code tone} with the pencil texture. */
    static double[] textureLayer(double[] tone, int w, int h, double theta) {
        double[] texture = PencilTexture.tiled(w, h);
        double[] beta = new ConjugateGradientSolver().solve(textureSystem(texture, w, h, theta),
                textureRightHandSide(texture, tone), null).solution();
        double[] out = new double[w * h];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.pow(texture[i], beta[i]);
        }
        return out;
    }

    /**
     * The normal equations of {@code min ||beta ln H - ln J||^2 + theta ||grad beta||^2}: the matrix
     * {@code diag((ln H)^2) + theta L} (unweighted 4-neighbour Laplacian)
     */
    static FivePointSystem textureSystem(double[] texture, int w, int h, double theta) {
        int n = w * h;
        double[] diagonal = new double[n];
        for (int i = 0; i < n; i++) {
            double logTexture = Math.log(texture[i]);
            diagonal[i] = logTexture * logTexture;
        }
        double[] horizontal = new double[n];
        double[] vertical = new double[n];
        Arrays.fill(horizontal, theta);
        Arrays.fill(vertical, theta);
        return new FivePointSystem(w, h, diagonal, horizontal, vertical);
    }

    /** ... and the right-hand side {@code ln H ln J}. */
    static double[] textureRightHandSide(double[] texture, double[] tone) {
        double[] rhs = new double[texture.length];
        for (int i = 0; i < rhs.length; i++) {
            rhs[i] = Math.log(texture[i]) * Math.log(Math.max(MIN_TONE, tone[i]));
        }
        return rhs;
    }

    /** A line of the given width through the kernel centre at angle {@code angle}, weights summing to 1. */
    static final class LineKernel {
        private final int[] dx;
        private final int[] dy;
        private final double[] weight;

        LineKernel(double angle, int halfSize, double lineWidth) {
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            int size = (2 * halfSize + 1) * (2 * halfSize + 1);
            int[] xs = new int[size];
            int[] ys = new int[size];
            double[] ws = new double[size];
            int k = 0;
            double total = 0;
            for (int v = -halfSize; v <= halfSize; v++) {
                for (int u = -halfSize; u <= halfSize; u++) {
                    double across = Math.abs(-u * sin + v * cos);
                    double along = Math.abs(u * cos + v * sin);
                    // Coverage of a pixel by a line of this width, linear falloff over one pixel.
                    double coverage = Math.min(1, Math.max(0, lineWidth / 2 + 0.5 - across));
                    if (coverage > 0 && along <= halfSize) {
                        xs[k] = u;
                        ys[k] = v;
                        ws[k] = coverage;
                        total += coverage;
                        k++;
                    }
                }
            }
            dx = Arrays.copyOf(xs, k);
            dy = Arrays.copyOf(ys, k);
            weight = new double[k];
            for (int j = 0; j < k; j++) {
                weight[j] = ws[j] / total;
            }
        }

        /** Correlation with replicated borders (the kernel is point-symmetric, so also the convolution). */
        double[] apply(double[] src, int w, int h) {
            double[] out = new double[w * h];
            for (int y = 0; y < h; y++) {
                Cancellation.checkpoint();
                for (int x = 0; x < w; x++) {
                    double s = 0;
                    for (int j = 0; j < weight.length; j++) {
                        int sx = Math.min(w - 1, Math.max(0, x + dx[j]));
                        int sy = Math.min(h - 1, Math.max(0, y + dy[j]));
                        s += weight[j] * src[sy * w + sx];
                    }
                    out[y * w + x] = s;
                }
            }
            return out;
        }
    }
}
