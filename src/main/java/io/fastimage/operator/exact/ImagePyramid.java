package io.fastimage.operator.exact;

import java.util.ArrayList;
import java.util.List;

/**
 * Gaussian and Laplacian pyramids of one grey plane with the 5-tap kernel [.05 .25 .4 .25 .05] of
 * Burt and Adelson as used by Paris et al. 2011. A level halves each side (rounding up) by blurring
 * with replicated borders and keeping the even samples. Upsampling interpolates with the same kernel
 * and divides by the weight of the coarse samples that fall inside the image, so a constant stays
 * constant up to the border. The top of a Laplacian pyramid is the coarsest Gaussian level, and
 * {@link #collapse} inverts {@link #laplacian} exactly whatever the interpolation.
 */
final class ImagePyramid {

    private static final double[] KERNEL = {0.05, 0.25, 0.4, 0.25, 0.05};

    /** One level: a plane of {@code width * height} values, row-major. */
    record Level(int width, int height, double[] values) {
    }

    private ImagePyramid() {
    }

    /** ⌈ln min(h, w) − ln 2⌉ + 2 levels (Aubry et al.'s choice), at least one. */
    static int levelCount(int width, int height) {
        return Math.max(1, (int) Math.ceil(Math.log(Math.min(width, height)) - Math.log(2)) + 2);
    }

    static List<Level> gaussian(double[] plane, int width, int height, int levels) {
        List<Level> pyramid = new ArrayList<>(levels);
        Level current = new Level(width, height, plane);
        pyramid.add(current);
        for (int l = 1; l < levels; l++) {
            current = downsample(current);
            pyramid.add(current);
        }
        return pyramid;
    }

    /** Band-pass levels {@code G_l - up(G_{l+1})}, then the coarsest Gaussian level as residual. */
    static List<Level> laplacian(double[] plane, int width, int height, int levels) {
        List<Level> gauss = gaussian(plane, width, height, levels);
        List<Level> pyramid = new ArrayList<>(levels);
        for (int l = 0; l < levels - 1; l++) {
            Level fine = gauss.get(l);
            double[] band = upsample(gauss.get(l + 1), fine.width(), fine.height());
            double[] values = fine.values();
            for (int i = 0; i < band.length; i++) {
                band[i] = values[i] - band[i];
            }
            pyramid.add(new Level(fine.width(), fine.height(), band));
        }
        pyramid.add(gauss.get(levels - 1));
        return pyramid;
    }

    static double[] collapse(List<Level> laplacian) {
        Level current = laplacian.get(laplacian.size() - 1);
        double[] values = current.values().clone();
        for (int l = laplacian.size() - 2; l >= 0; l--) {
            Level band = laplacian.get(l);
            double[] up = upsample(new Level(current.width(), current.height(), values), band.width(), band.height());
            double[] b = band.values();
            for (int i = 0; i < up.length; i++) {
                up[i] += b[i];
            }
            current = band;
            values = up;
        }
        return values;
    }

    static Level downsample(Level level) {
        int w = level.width();
        int h = level.height();
        int cw = (w + 1) / 2;
        int ch = (h + 1) / 2;
        double[] src = level.values();
        double[] rows = new double[cw * h];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int cx = 0; cx < cw; cx++) {
                int x = 2 * cx;
                double s = 0;
                for (int k = -2; k <= 2; k++) {
                    s += KERNEL[k + 2] * src[row + clamp(x + k, w)];
                }
                rows[y * cw + cx] = s;
            }
        }
        double[] out = new double[cw * ch];
        for (int cy = 0; cy < ch; cy++) {
            int y = 2 * cy;
            for (int k = -2; k <= 2; k++) {
                double weight = KERNEL[k + 2];
                int srcRow = clamp(y + k, h) * cw;
                int dstRow = cy * cw;
                for (int cx = 0; cx < cw; cx++) {
                    out[dstRow + cx] += weight * rows[srcRow + cx];
                }
            }
        }
        return new Level(cw, ch, out);
    }

    /** Interpolates a coarse level to {@code width x height} (the size it was downsampled from). */
    static double[] upsample(Level coarse, int width, int height) {
        int cw = coarse.width();
        int ch = coarse.height();
        double[] src = coarse.values();
        double[] rows = new double[width * ch];
        for (int cy = 0; cy < ch; cy++) {
            for (int x = 0; x < width; x++) {
                rows[cy * width + x] = interpolate(src, cy * cw, 1, cw, x);
            }
        }
        double[] out = new double[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out[y * width + x] = interpolate(rows, x, width, ch, y);
            }
        }
        return out;
    }

    /** Value at fine position {@code pos} from coarse samples {@code base + j * stride}, j in [0, count). */
    private static double interpolate(double[] coarse, int base, int stride, int count, int pos) {
        double sum = 0;
        double weight = 0;
        int first = Math.max(0, (pos - 1) / 2);
        int last = Math.min(count - 1, (pos + 2) / 2);
        for (int j = first; j <= last; j++) {
            int k = pos - 2 * j;
            if (k >= -2 && k <= 2) {
                sum += KERNEL[k + 2] * coarse[base + j * stride];
                weight += KERNEL[k + 2];
            }
        }
        return sum / weight;
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : (i >= n ? n - 1 : i);
    }
}
