package io.fastimage.image;

import java.util.Arrays;

/**
 * An RGB image in double precision, one plane per channel, row-major, values nominally in [0, 1].
 * This is what every reference operator reads and writes; planes are exposed for speed, so
 * operators must treat an input image as read-only and build a new one for their result.
 */
public final class PlanarImage {

    public static final int CHANNELS = 3;

    private final int width;
    private final int height;
    private final double[][] planes;

    public PlanarImage(int width, int height, double[][] planes) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image must be at least 1x1, got " + width + "x" + height);
        }
        if (planes.length != CHANNELS) {
            throw new IllegalArgumentException("expected " + CHANNELS + " planes, got " + planes.length);
        }
        for (double[] plane : planes) {
            if (plane.length != width * height) {
                throw new IllegalArgumentException("plane length " + plane.length + " != " + width + "*" + height);
            }
        }
        this.width = width;
        this.height = height;
        this.planes = planes;
    }

    /** 8-bit interleaved RGB to doubles in [0, 1] (value / 255). */
    public static PlanarImage fromRgb8(Rgb8Image image) {
        int n = image.width() * image.height();
        byte[] px = image.pixels();
        double[][] planes = new double[CHANNELS][n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < CHANNELS; c++) {
                planes[c][i] = (px[i * CHANNELS + c] & 0xFF) / 255.0;
            }
        }
        return new PlanarImage(image.width(), image.height(), planes);
    }

    /** Clips to [0, 1] and rounds {@code x * 255} to 8 bits, the output rule of every reference operator. */
    public Rgb8Image toRgb8() {
        int n = width * height;
        byte[] px = new byte[n * CHANNELS];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < CHANNELS; c++) {
                double v = planes[c][i];
                double clipped = v < 0 ? 0 : (v > 1 ? 1 : v);
                px[i * CHANNELS + c] = (byte) Math.round(clipped * 255.0);
            }
        }
        return new Rgb8Image(width, height, px);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int pixelCount() {
        return width * height;
    }

    /** The live plane of channel {@code c} (0 = R, 1 = G, 2 = B). */
    public double[] plane(int c) {
        return planes[c];
    }

    public PlanarImage copy() {
        double[][] copies = new double[CHANNELS][];
        for (int c = 0; c < CHANNELS; c++) {
            copies[c] = planes[c].clone();
        }
        return new PlanarImage(width, height, copies);
    }

    /** An image whose three channels all equal {@code grey} (grey results are replicated to RGB). */
    public static PlanarImage fromGrey(int width, int height, double[] grey) {
        return new PlanarImage(width, height, new double[][] {grey.clone(), grey.clone(), grey.clone()});
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlanarImage other && width == other.width && height == other.height
                && Arrays.deepEquals(planes, other.planes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.deepHashCode(planes);
    }
}
