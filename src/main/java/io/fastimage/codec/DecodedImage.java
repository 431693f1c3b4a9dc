package io.fastimage.codec;

import io.fastimage.image.Rgb8Image;
import java.util.Arrays;
import java.util.Objects;

/**
 * A decoded upload, already turned upright by its EXIF orientation.
 *
 * @param rgb    8-bit sRGB pixels (converted from the file's colour profile, if it had one)
 * @param alpha  8-bit straight (unassociated) alpha, one byte per pixel in the same (upright) order as {@code rgb},
 *               or null when the file had no alpha channel
 * @param format the format the file was in
 */
public record DecodedImage(Rgb8Image rgb, byte[] alpha, ImageFormat format) {

    public DecodedImage {
        Objects.requireNonNull(rgb, "rgb");
        Objects.requireNonNull(format, "format");
        if (alpha != null && alpha.length != rgb.pixelCount()) {
            throw new IllegalArgumentException("alpha has " + alpha.length + " values for " + rgb.pixelCount() + " pixels");
        }
    }

    public boolean hasAlpha() {
        return alpha != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecodedImage other && rgb.equals(other.rgb) && Arrays.equals(alpha, other.alpha)
                && format == other.format;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rgb.hashCode() + Arrays.hashCode(alpha)) + format.hashCode();
    }

    @Override
    public String toString() {
        return "DecodedImage[" + rgb.width() + "x" + rgb.height() + (alpha != null ? " with alpha" : "") + ", " + format + "]";
    }
}
