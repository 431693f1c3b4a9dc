package io.fastimage.image;

/**
 * Fidelity of one 8-bit image to another, as every accuracy number of the project is measured:
 * PSNR over all RGB values (peak 255) and SSIM (Wang et al. 2004: 11×11 Gaussian window, σ = 1.5,
 * K1 = 0.01, K2 = 0.03) averaged over the three channels, the window truncated at the border.
 */
public final class ImageMetrics {

    private static final int RADIUS = 5;
    private static final double SIGMA = 1.5;
    private static final double C1 = Math.pow(0.01 * 255, 2);
    private static final double C2 = Math.pow(0.03 * 255, 2);

    private ImageMetrics() {
    }

    /** Peak signal-to-noise ratio in dB; infinite for identical images. */
    public static double psnr(Rgb8Image a, Rgb8Image b) {
        return psnr(meanSquaredError(a, b));
    }

    /** PSNR in dB of a mean squared error on the 0..255 scale; infinite for 0. */
    public static double psnr(double meanSquaredError) {
        return meanSquaredError == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / meanSquaredError);
    }

    /** Mean squared difference over all RGB values, on the 0..255 scale. */
    public static double meanSquaredError(Rgb8Image a, Rgb8Image b) {
        requireSameSize(a, b);
        byte[] pa = a.pixels();
        byte[] pb = b.pixels();
        double sum = 0;
        for (int i = 0; i < pa.length; i++) {
            double d = (pa[i] & 0xFF) - (pb[i] & 0xFF);
            sum += d * d;
        }
        return sum / pa.length;
    }

    /**
     * How much worse an approximation is at the image border than inside: the mean squared error of the
     * pixels within {@code band} px of an edge divided by that of the others (1 when the error is even, and
     * 1 when both errors are 0). A network that learned borders from crops it saw zero-padded shows a frame.
     *
     * @throws IllegalArgumentException when the images differ in size or have no interior beyond the band
     */
    public static double borderErrorRatio(Rgb8Image a, Rgb8Image b, int band) {
        return bandErrors(a, b, band).ratio();
    }

    /**
     * Mean squared errors (0..255 scale) of the pixels within {@code band} px of an edge and of the others.
     *
     * @throws IllegalArgumentException when the images differ in size or have no interior beyond the band
     */
    public static BandErrors bandErrors(Rgb8Image a, Rgb8Image b, int band) {
        requireSameSize(a, b);
        int w = a.width();
        int h = a.height();
        if (band < 1 || w <= 2 * band || h <= 2 * band) {
            throw new IllegalArgumentException("a " + w + "x" + h + " image has no interior beyond a " + band + " px band");
        }
        byte[] pa = a.pixels();
        byte[] pb = b.pixels();
        double border = 0;
        double interior = 0;
        long borderCount = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean inBand = x < band || y < band || x >= w - band || y >= h - band;
                for (int c = 0; c < 3; c++) {
                    int i = 3 * (y * w + x) + c;
                    double d = (pa[i] & 0xFF) - (pb[i] & 0xFF);
                    if (inBand) {
                        border += d * d;
                    } else {
                        interior += d * d;
                    }
                }
                borderCount += inBand ? 3 : 0;
            }
        }
        long interiorCount = 3L * w * h - borderCount;
        return new BandErrors(border / borderCount, interior / interiorCount, borderCount / (3.0 * w * h));
    }

    /**
     * Mean squared errors of an image's border band and of its interior, on the 0..255 scale, and the band's share
     * of the pixels (0..1).
     */
    public record BandErrors(double border, double interior, double borderShare) {

        /**
         * The mean squared error when each band pixel weighs {@code weight} times an interior one (a weighted mean:
         * the plain mean squared error at weight 1).
         */
        public double weightedMeanSquaredError(double weight) {
            return (weight * borderShare * border + (1 - borderShare) * interior) / (weight * borderShare + 1 - borderShare);
        }

        /** Border error ÷ interior error; 1 when both are 0, infinite when only the interior's is. */
        public double ratio() {
            return interior == 0 ? (border == 0 ? 1 : Double.POSITIVE_INFINITY) : border / interior;
        }
    }

    /** Mean structural similarity over the three channels, in [-1, 1]; 1 for identical images. */
    public static double ssim(Rgb8Image a, Rgb8Image b) {
        requireSameSize(a, b);
        double total = 0;
        for (int c = 0; c < 3; c++) {
            total += channelSsim(channel(a, c), channel(b, c), a.width(), a.height());
        }
        return total / 3;
    }

    private static double channelSsim(double[] x, double[] y, int w, int h) {
        double[] xy = new double[x.length];
        double[] xx = new double[x.length];
        double[] yy = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xy[i] = x[i] * y[i];
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
        }
        double[] kernel = gaussianKernel();
        double[] mx = blur(x, w, h, kernel);
        double[] my = blur(y, w, h, kernel);
        double[] sxx = blur(xx, w, h, kernel);
        double[] syy = blur(yy, w, h, kernel);
        double[] sxy = blur(xy, w, h, kernel);
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double vx = sxx[i] - mx[i] * mx[i];
            double vy = syy[i] - my[i] * my[i];
            double cov = sxy[i] - mx[i] * my[i];
            sum += ((2 * mx[i] * my[i] + C1) * (2 * cov + C2))
                    / ((mx[i] * mx[i] + my[i] * my[i] + C1) * (vx + vy + C2));
        }
        return sum / x.length;
    }

    private static double[] gaussianKernel() {
        double[] k = new double[2 * RADIUS + 1];
        for (int i = -RADIUS; i <= RADIUS; i++) {
            k[i + RADIUS] = Math.exp(-i * i / (2 * SIGMA * SIGMA));
        }
        return k;
    }

    /** Separable weighted mean, renormalised where the window leaves the image. */
    private static double[] blur(double[] v, int w, int h, double[] k) {
        double[] tmp = new double[v.length];
        double[] out = new double[v.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                double norm = 0;
                for (int d = -RADIUS; d <= RADIUS; d++) {
                    int xx = x + d;
                    if (xx >= 0 && xx < w) {
                        s += k[d + RADIUS] * v[y * w + xx];
                        norm += k[d + RADIUS];
                    }
                }
                tmp[y * w + x] = s / norm;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                double norm = 0;
                for (int d = -RADIUS; d <= RADIUS; d++) {
                    int yy = y + d;
                    if (yy >= 0 && yy < h) {
                        s += k[d + RADIUS] * tmp[yy * w + x];
                        norm += k[d + RADIUS];
                    }
                }
                out[y * w + x] = s / norm;
            }
        }
        return out;
    }

    private static double[] channel(Rgb8Image image, int c) {
        byte[] px = image.pixels();
        double[] out = new double[image.pixelCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = px[3 * i + c] & 0xFF;
        }
        return out;
    }

    private static void requireSameSize(Rgb8Image a, Rgb8Image b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("sizes differ: " + a + " vs " + b);
        }
    }
}
