package io.fastimage.operator.exact;

import io.fastimage.image.PlanarImage;

/** Grey levels of an RGB image, the BT.601 luma that the grey-domain operators work on. */
final class Luma {

    static final double RED = 0.299;
    static final double GREEN = 0.587;
    static final double BLUE = 0.114;

    private Luma() {
    }

    /** {@code 0.299 R + 0.587 G + 0.114 B} per pixel; a grey image (three equal channels) maps to itself. */
    static double[] bt601(PlanarImage image) {
        double[] r = image.plane(0);
        double[] g = image.plane(1);
        double[] b = image.plane(2);
        double[] luma = new double[image.pixelCount()];
        for (int i = 0; i < luma.length; i++) {
            luma[i] = RED * r[i] + GREEN * g[i] + BLUE * b[i];
        }
        return luma;
    }

    static double clamp01(double v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }
}
