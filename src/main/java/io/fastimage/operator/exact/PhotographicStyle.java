package io.fastimage.operator.exact;

import io.fastimage.image.PlanarImage;
import io.fastimage.operator.Cancellation;
import io.fastimage.operator.OperatorInfo;
import io.fastimage.operator.ParameterSpec;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.ReferenceOperator;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Photographic style transfer (Aubry et al. 2014, after Bae, Paris, Durand 2006) towards one fixed
 * black-and-white landscape exemplar shipped with the project (see {@code style/SOURCE.md}).
 *
 * <p>The grey input is first histogram-matched to the exemplar. Each iteration then measures how the
 * gradient magnitudes of the current image are distributed, builds the monotone transfer {@code f}
 * that maps its quantiles onto the exemplar's gradient quantiles, and applies the local Laplacian
 * filter with the remapping {@code r(i, g) = g + sign(i - g) f(|i - g|)}: fine detail around each
 * coefficient's local level is scaled like the gradients would have to be. Differences beyond the
 * largest measured gradient pass with slope 1, so large edges keep their height. A histogram match
 * after each iteration restores the exemplar's tones that the filter shifted; iterating lets the
 * gradient statistics converge despite that interplay.
 */
public final class PhotographicStyle implements ReferenceOperator {

    static final String EXEMPLAR = "style/picos-de-europa-grey.png";

    /** Quantile points of the gradient transfer function. */
    private static final int TRANSFER_POINTS = 256;

    private static final OperatorInfo INFO = new OperatorInfo("photographic-style", "Photographic style",
            "Gives a photo the tones and texture of a high-contrast black-and-white landscape (grey output).",
            List.of(ParameterSpec.whole("iterations", "gradient-histogram transfer iterations", 4, 0, 10),
                    ParameterSpec.whole("levels", "sampled reference levels of the local Laplacian filter", 10, 2, 64)));

    @Override
    public OperatorInfo info() {
        return INFO;
    }

    @Override
    public PlanarImage apply(PlanarImage input, ParameterValues parameters) {
        int w = input.width();
        int h = input.height();
        Exemplar exemplar = Exemplar.INSTANCE;
        LocalLaplacianFilter filter = new LocalLaplacianFilter(parameters.getInt("levels"));
        double[] grey = HistogramMatching.match(Luma.bt601(input), exemplar.tones());
        for (int iteration = 0; iteration < parameters.getInt("iterations"); iteration++) {
            Cancellation.checkpoint();
            GradientTransfer transfer = GradientTransfer.between(gradientMagnitudes(grey, w, h), exemplar.gradients());
            grey = filter.apply(grey, w, h, (i, g) -> {
                double d = i - g;
                return g + Math.copySign(transfer.map(Math.abs(d)), d);
            });
            grey = HistogramMatching.match(grey, exemplar.tones());
        }
        return PlanarImage.fromGrey(w, h, grey);
    }

    /** Forward-difference gradient magnitudes of the pixels that have both a right and a lower neighbour. */
    static double[] gradientMagnitudes(double[] grey, int w, int h) {
        if (w < 2 || h < 2) {
            return new double[] {0};
        }
        double[] m = new double[(w - 1) * (h - 1)];
        int k = 0;
        for (int y = 0; y < h - 1; y++) {
            for (int x = 0; x < w - 1; x++) {
                int i = y * w + x;
                double dx = grey[i + 1] - grey[i];
                double dy = grey[i + w] - grey[i];
                m[k++] = Math.sqrt(dx * dx + dy * dy);
            }
        }
        return m;
    }

    /** Monotone piecewise-linear map from the input's gradient quantiles to the exemplar's, through (0, 0). */
    record GradientTransfer(double[] from, double[] to) {

        static GradientTransfer between(double[] current, HistogramMatching.Quantiles target) {
            HistogramMatching.Quantiles source = HistogramMatching.ofSample(current);
            double[] from = new double[TRANSFER_POINTS + 2];
            double[] to = new double[TRANSFER_POINTS + 2];
            int n = 1; // (0, 0) is the first point: no difference stays no difference
            for (int j = 0; j <= TRANSFER_POINTS; j++) {
                double p = (double) j / TRANSFER_POINTS;
                double x = source.at(p);
                if (x > from[n - 1]) { // quantiles in a run of equal gradients (often 0) add nothing
                    from[n] = x;
                    to[n] = Math.max(target.at(p), to[n - 1]);
                    n++;
                }
            }
            return new GradientTransfer(Arrays.copyOf(from, n), Arrays.copyOf(to, n));
        }

        double map(double d) {
            int last = from.length - 1;
            if (d >= from[last]) {
                return to[last] + (d - from[last]);
            }
            int k = Arrays.binarySearch(from, d);
            if (k >= 0) {
                return to[k];
            }
            int upper = -k - 1;
            int lower = upper - 1;
            double t = (d - from[lower]) / (from[upper] - from[lower]);
            return to[lower] + t * (to[upper] - to[lower]);
        }
    }

    /** The exemplar's tone and gradient distributions, read once from the class path. */
    record Exemplar(HistogramMatching.Quantiles tones, HistogramMatching.Quantiles gradients) {

        static final Exemplar INSTANCE = load();

        private static Exemplar load() {
            try (InputStream in = PhotographicStyle.class.getResourceAsStream(EXEMPLAR)) {
                if (in == null) {
                    throw new IllegalStateException("style exemplar missing from the class path: " + EXEMPLAR);
                }
                BufferedImage image = ImageIO.read(in);
                int w = image.getWidth();
                int h = image.getHeight();
                Raster raster = image.getRaster();
                double[] grey = new double[w * h];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        grey[y * w + x] = raster.getSample(x, y, 0) / 255.0;
                    }
                }
                return new Exemplar(HistogramMatching.ofSample(grey),
                        HistogramMatching.ofSample(gradientMagnitudes(grey, w, h)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read style exemplar " + EXEMPLAR, e);
            }
        }
    }
}
