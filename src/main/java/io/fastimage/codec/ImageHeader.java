package io.fastimage.codec;

/**
 * What a file's header declares: its format and its stored size (before any EXIF rotation, which may
 * swap width and height of the decoded image).
 */
public record ImageHeader(ImageFormat format, int width, int height) {

    /** Width × height in long arithmetic, so two large sides never overflow. */
    public long pixelCount() {
        return (long) width * height;
    }
}
