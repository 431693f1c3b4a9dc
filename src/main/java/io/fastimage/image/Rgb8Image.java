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
