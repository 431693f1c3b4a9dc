package io.fastimage.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * An 8-bit sRGB image, interleaved R, G, B, row-major: the form in which images enter and leave
 * the service (the codec decodes to it, encoders and networks read it).
 */
public record Rgb8Image(int width, int height, byte[] pixels) {

    public Rgb8Image {
        Objects.requireNonNull(pixels, "pixels");
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image must be at least 1x1, got " + width + "x" + height);
        }
        if ((long) width * height * 3 != pixels.length) {
            throw new IllegalArgumentException(
                    "expected " + ((long) width * height * 3) + " bytes for " + width + "x" + height + ", got " + pixels.length);
        }
    }

    public int pixelCount() {
        return width * height;
    }

    /** The {@code width}×{@code height} rectangle at ({@code x}, {@code y}), copied. */
    public Rgb8Image crop(int x, int y, int width, int height) {
        if (x < 0 || y < 0 || width < 1 || height < 1 || x + width > this.width || y + height > this.height) {
            throw new IllegalArgumentException("crop " + width + "x" + height + " at (" + x + ", " + y + ") is outside "
                    + this.width + "x" + this.height);
        }
        byte[] cropped = new byte[3 * width * height];
        for (int row = 0; row < height; row++) {
            System.arraycopy(pixels, 3 * ((y + row) * this.width + x), cropped, 3 * row * width, 3 * width);
        }
        return new Rgb8Image(width, height, cropped);
    }

    /**
     * The {@code width}×{@code height} rectangle at ({@code x}, {@code y}), which may reach beyond the image:
     * outside it, the image is mirrored about its edge, the edge pixels repeated (half-sample symmetric: numpy's
     * and MATLAB's {@code "symmetric"}, OpenCV's {@code BORDER_REFLECT}; column -1 is column 0, -2 is 1),
     * repeatedly for rectangles more than a side beyond.
     *
     * @throws IllegalArgumentException when {@code width} or {@code height} is below 1
     */
    public Rgb8Image cropMirrored(int x, int y, int width, int height) {
        if (x >= 0 && y >= 0 && x + width <= this.width && y + height <= this.height) {
            return crop(x, y, width, height);
        }
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("a crop needs at least 1x1 pixels, got " + width + "x" + height);
        }
        int[] columns = new int[width];
        for (int i = 0; i < width; i++) {
            columns[i] = symmetric(x + i, this.width);
        }
        byte[] cropped = new byte[3 * width * height];
        for (int row = 0; row < height; row++) {
            int source = 3 * symmetric(y + row, this.height) * this.width;
            for (int i = 0; i < width; i++) {
                System.arraycopy(pixels, source + 3 * columns[i], cropped, 3 * (row * width + i), 3);
            }
        }
        return new Rgb8Image(width, height, cropped);
    }

    /** Index {@code i} of a row of {@code n} mirrored about its ends, edge pixels repeated (period {@code 2n}). */
    private static int symmetric(int i, int n) {
        int folded = Math.floorMod(i, 2 * n);
        return folded < n ? folded : 2 * n - 1 - folded;
    }

    /**
     * This image under one of the eight symmetries of the square (the dihedral group D4): {@code symmetry}
     * 0–3 turns by that many quarter turns clockwise, 4–7 mirrors left to right first. Turns by a quarter
     * swap width and height.
     *
     * @throws IllegalArgumentException when {@code symmetry} is outside 0–7
     */
    public Rgb8Image transformed(int symmetry) {
        if (symmetry < 0 || symmetry > 7) {
            throw new IllegalArgumentException("symmetry must be 0..7, got " + symmetry);
        }
        boolean mirror = symmetry >= 4;
        int turns = symmetry % 4;
        int w = turns % 2 == 0 ? width : height;
        int h = turns % 2 == 0 ? height : width;
        byte[] out = new byte[pixels.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int sx = mirror ? width - 1 - x : x;
                // (sx, y) turned clockwise `turns` times in a width x height frame.
                int tx;
                int ty;
                switch (turns) {
                    case 0 -> { tx = sx; ty = y; }
                    case 1 -> { tx = height - 1 - y; ty = sx; }
                    case 2 -> { tx = width - 1 - sx; ty = height - 1 - y; }
                    default -> { tx = y; ty = width - 1 - sx; }
                }
                System.arraycopy(pixels, 3 * (y * width + x), out, 3 * (ty * w + tx), 3);
            }
        }
        return new Rgb8Image(w, h, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rgb8Image other && width == other.width && height == other.height
                && Arrays.equals(pixels, other.pixels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "Rgb8Image[" + width + "x" + height + "]";
    }
}
