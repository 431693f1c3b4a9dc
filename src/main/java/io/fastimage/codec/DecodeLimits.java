package io.fastimage.codec;

/** How much an upload may weigh: bytes as received, and pixels as declared by its header. */
public record DecodeLimits(long maxBytes, long maxPixels) {

    public DecodeLimits {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
    }
}
