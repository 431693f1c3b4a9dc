package io.fastimage.codec;

/** How much an upload may weigh: bytes as received, and pixels as declared by its header. */
public record DecodeLimits(long maxBytes, long maxPixels) {

    /**
     * The longest side, in pixels, of an image the service decodes, whatever its pixel count: libpng refuses
     * longer PNG rows and columns (its built-in user limit) and OpenCV refuses sides above 2^20 in every format, so
     * one limit for all formats, checked from the header like {@link #maxPixels}. JPEG (65,535) and WebP (16,384)
     * cannot declare more anyway.
     */
    public static final int MAX_SIDE = 1_000_000;
    /** The service's defaults ({@code fastimage.limits.max-bytes}, {@code max-pixels}), also the CLI's. */
    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    public DecodeLimits {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
    }
}
