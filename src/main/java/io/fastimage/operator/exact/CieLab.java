package io.fastimage.operator.exact;

import io.fastimage.image.Matrix3;
import io.fastimage.image.PlanarImage;

/**
 * sRGB (IEC 61966-2-1, D65) to CIE 1976 L*a*b* with the D65 reference white, and back. L is in
 * [0, 100]; sRGB values are in [0, 1] (the inverse may leave that range for out-of-gamut colours;
 * clipping is the caller's output rule).
 */
public final class CieLab {

    /** Linear sRGB to XYZ (D65), the matrix of the sRGB standard. */
    private static final double[][] RGB_TO_XYZ = {
        {0.4124564, 0.3575761, 0.1804375},
        {0.2126729, 0.7151522, 0.0721750},
        {0.0193339, 0.1191920, 0.9503041},
    };
    private static final double[][] XYZ_TO_RGB = Matrix3.invert(RGB_TO_XYZ);
    /** The D65 white as the matrix maps RGB (1, 1, 1): row sums, so that white is exactly L = 100, a = b = 0. */
    private static final double[] WHITE = {rowSum(0), rowSum(1), rowSum(2)};
    private static final double DELTA = 6.0 / 29.0;

    /** The three planes L, a, b of an image. */
    public record Planes(double[] lightness, double[] a, double[] b) {
    }

    private CieLab() {
    }

    public static Planes fromSrgb(PlanarImage image) {
        int n = image.pixelCount();
        double[] l = new double[n];
        double[] a = new double[n];
        double[] b = new double[n];
        double[] lab = new double[3];
        for (int i = 0; i < n; i++) {
            fromSrgb(image.plane(0)[i], image.plane(1)[i], image.plane(2)[i], lab);
            l[i] = lab[0];
            a[i] = lab[1];
            b[i] = lab[2];
        }
        return new Planes(l, a, b);
    }

    public static PlanarImage toSrgb(int width, int height, Planes lab) {
        int n = width * height;
        double[][] rgb = new double[3][n];
        double[] pixel = new double[3];
        for (int i = 0; i < n; i++) {
            toSrgb(lab.lightness()[i], lab.a()[i], lab.b()[i], pixel);
            for (int c = 0; c < 3; c++) {
                rgb[c][i] = pixel[c];
            }
        }
        return new PlanarImage(width, height, rgb);
    }

    /** One pixel: {@code out = (L, a, b)}. */
    public static void fromSrgb(double r, double g, double b, double[] out) {
        double lr = toLinear(r);
        double lg = toLinear(g);
        double lb = toLinear(b);
        double fx = f(dot(RGB_TO_XYZ[0], lr, lg, lb) / WHITE[0]);
        double fy = f(dot(RGB_TO_XYZ[1], lr, lg, lb) / WHITE[1]);
        double fz = f(dot(RGB_TO_XYZ[2], lr, lg, lb) / WHITE[2]);
        out[0] = 116 * fy - 16;
        out[1] = 500 * (fx - fy);
        out[2] = 200 * (fy - fz);
    }

    /** One pixel: {@code out = (r, g, b)} in sRGB, not clipped. */
    public static void toSrgb(double l, double a, double b, double[] out) {
        double fy = (l + 16) / 116;
        double x = WHITE[0] * fInverse(fy + a / 500);
        double y = WHITE[1] * fInverse(fy);
        double z = WHITE[2] * fInverse(fy - b / 200);
        for (int c = 0; c < 3; c++) {
            out[c] = fromLinear(dot(XYZ_TO_RGB[c], x, y, z));
        }
    }

    /** Relative luminance Y in [0, 1] of an sRGB colour (the Y of XYZ, white = 1). */
    public static double luminance(double r, double g, double b) {
        return dot(RGB_TO_XYZ[1], toLinear(r), toLinear(g), toLinear(b)) / WHITE[1];
    }

    /** The sRGB decoding curve; odd-symmetric below zero, like {@link #fromLinear}. */
    public static double toLinear(double v) {
        if (v < 0) {
            return -toLinear(-v);
        }
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    /** Inverse of {@link #toLinear}; odd-symmetric below zero so out-of-gamut values survive a round trip. */
    public static double fromLinear(double v) {
        if (v < 0) {
            return -fromLinear(-v);
        }
        return v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
    }

    private static double f(double t) {
        return t > DELTA * DELTA * DELTA ? Math.cbrt(t) : t / (3 * DELTA * DELTA) + 4.0 / 29.0;
    }

    private static double fInverse(double t) {
        return t > DELTA ? t * t * t : 3 * DELTA * DELTA * (t - 4.0 / 29.0);
    }

    private static double dot(double[] row, double x, double y, double z) {
        return row[0] * x + row[1] * y + row[2] * z;
    }

    private static double rowSum(int row) {
        return RGB_TO_XYZ[row][0] + RGB_TO_XYZ[row][1] + RGB_TO_XYZ[row][2];
    }
}
