package io.fastimage.operator.exact;

/** Separable Gaussian blur with zero padding outside the image (MATLAB's {@code conv2(..., 'same')}). */
final class GaussianBlur {

    private GaussianBlur() {
    }

    /** Normalised kernel of odd size {@code round(5 sigma) | 1}, as in the RTV authors' code. */
    static double[] kernel(double sigma) {
        int size = (int) Math.round(5 * sigma) | 1;
        int radius = size / 2;
        double[] k = new double[size];
        double sum = 0;
        for (int j = 0; j < size; j++) {
            double d = j - radius;
            k[j] = Math.exp(-d * d / (2 * sigma * sigma));
            sum += k[j];
        }
        for (int j = 0; j < size; j++) {
            k[j] /= sum;
        }
        return k;
    }

    static double[] zeroPadded(double[] plane, int w, int h, double sigma) {
        double[] k = kernel(sigma);
        int radius = k.length / 2;
        double[] rows = new double[w * h];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                double s = 0;
                int from = Math.max(-radius, -x);
                int to = Math.min(radius, w - 1 - x);
                for (int j = from; j <= to; j++) {
                    s += k[j + radius] * plane[row + x + j];
                }
                rows[row + x] = s;
            }
        }
        double[] out = new double[w * h];
        for (int y = 0; y < h; y++) {
            int from = Math.max(-radius, -y);
            int to = Math.min(radius, h - 1 - y);
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int j = from; j <= to; j++) {
                    s += k[j + radius] * rows[(y + j) * w + x];
                }
                out[y * w + x] = s;
            }
        }
        return out;
    }
}
