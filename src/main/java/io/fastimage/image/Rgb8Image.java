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
