package io.fastimage.codec;

/**
 * The eight EXIF orientations (tag 0x0112): how the stored pixels must be turned to appear upright.
 * Each is a mirror and/or transpose of the stored grid, so one index walk covers all eight.
 */
enum Orientation {
    NORMAL(false, false, false),
    MIRROR_HORIZONTAL(false, true, false),
    ROTATE_180(false, true, true),
    MIRROR_VERTICAL(false, false, true),
    /** Stored row 0 is the left column, stored column 0 the top row. */
    TRANSPOSE(true, false, false),
    /** Stored row 0 is the right column: turn the stored picture 90° clockwise (a phone held upright). */
    ROTATE_90_CLOCKWISE(true, false, true),
    /** Stored row 0 is the right column, stored column 0 the bottom row. */
    TRANSVERSE(true, true, true),
    /** Stored row 0 is the left column: turn the stored picture 90° counterclockwise. */
    ROTATE_90_COUNTERCLOCKWISE(true, true, false);

    private final boolean transposed;
    private final boolean flipStoredX;
    private final boolean flipStoredY;

    Orientation(boolean transposed, boolean flipStoredX, boolean flipStoredY) {
        this.transposed = transposed;
        this.flipStoredX = flipStoredX;
        this.flipStoredY = flipStoredY;
    }

    /** The EXIF value 1..8; anything else (absent, corrupt) means the pixels are already upright. */
    static Orientation fromExif(int value) {
        return value >= 1 && value <= 8 ? values()[value - 1] : NORMAL;
    }

    boolean swapsWidthAndHeight() {
        return transposed;
    }

    /**
     * The upright copy of a stored {@code width × height} image with {@code channels} interleaved bytes per
     * pixel. For the transposed orientations the result is {@code height × width}.
     */
    byte[] apply(byte[] stored, int width, int height, int channels) {
        if (this == NORMAL) {
            return stored;
        }
        int displayWidth = transposed ? height : width;
        int displayHeight = transposed ? width : height;
        // Stored pixel index = base + x * stepX + y * stepY for the upright pixel (x, y).
        int storedStepX = flipStoredX ? -1 : 1;
        int storedStepY = flipStoredY ? -width : width;
        int base = (flipStoredX ? width - 1 : 0) + (flipStoredY ? (height - 1) * width : 0);
        int stepX = transposed ? storedStepY : storedStepX;
        int stepY = transposed ? storedStepX : storedStepY;

        byte[] upright = new byte[stored.length];
        int out = 0;
        for (int y = 0; y < displayHeight; y++) {
            int src = base + y * stepY;
            for (int x = 0; x < displayWidth; x++, src += stepX) {
                int from = src * channels;
                for (int c = 0; c < channels; c++) {
                    upright[out++] = stored[from + c];
                }
            }
        }
        return upright;
    }
}
