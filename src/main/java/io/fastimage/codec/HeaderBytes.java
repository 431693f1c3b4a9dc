package io.fastimage.codec;

import java.util.Set;

/**
 * Bounds-checked reads of unsigned integers from a file's bytes, in either byte order. A read past the end
 * means the header is truncated, which is reported as {@link ImageRejectedException.Reason#UNDECODABLE}.
 */
final class HeaderBytes {

    /** BITMAPINFOHEADER and its successors (V2..V5, OS/2 2.x): 32-bit signed width and height. */
    static final Set<Integer> BMP_INFO_HEADER_SIZES = Set.of(40, 52, 56, 64, 108, 124);
    /** BITMAPCOREHEADER (OS/2 1.x): 16-bit unsigned width and height. */
    static final int BMP_CORE_HEADER_SIZE = 12;

    private final byte[] bytes;
    private final boolean littleEndian;
    private final String formatName;

    HeaderBytes(byte[] bytes, boolean littleEndian, String formatName) {
        this.bytes = bytes;
        this.littleEndian = littleEndian;
        this.formatName = formatName;
    }

    HeaderBytes withLittleEndian(boolean little) {
        return new HeaderBytes(bytes, little, formatName);
    }

    int length() {
        return bytes.length;
    }

    boolean has(long offset, long count) {
        return offset >= 0 && count >= 0 && offset + count <= bytes.length;
    }

    int u8(long offset) {
        require(offset, 1);
        return bytes[(int) offset] & 0xFF;
    }

    int u16(long offset) {
        require(offset, 2);
        int a = bytes[(int) offset] & 0xFF;
        int b = bytes[(int) offset + 1] & 0xFF;
        return littleEndian ? a | b << 8 : a << 8 | b;
    }

    /** Three bytes, as WebP stores its canvas size. */
    int u24(long offset) {
        require(offset, 3);
        int a = bytes[(int) offset] & 0xFF;
        int b = bytes[(int) offset + 1] & 0xFF;
        int c = bytes[(int) offset + 2] & 0xFF;
        return littleEndian ? a | b << 8 | c << 16 : a << 16 | b << 8 | c;
    }

    long u32(long offset) {
        require(offset, 4);
        long a = bytes[(int) offset] & 0xFFL;
        long b = bytes[(int) offset + 1] & 0xFFL;
        long c = bytes[(int) offset + 2] & 0xFFL;
        long d = bytes[(int) offset + 3] & 0xFFL;
        return littleEndian ? a | b << 8 | c << 16 | d << 24 : a << 24 | b << 16 | c << 8 | d;
    }

    /** A copy of {@code count} bytes from {@code offset}. */
    byte[] slice(long offset, long count) {
        if (count > Integer.MAX_VALUE) {
            require(offset, Integer.MAX_VALUE);
        }
        require(offset, (int) count);
        return java.util.Arrays.copyOfRange(bytes, (int) offset, (int) (offset + count));
    }

    boolean matchesAscii(long offset, String text) {
        if (!has(offset, text.length())) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (bytes[(int) offset + i] != (byte) text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void require(long offset, int count) {
        if (!has(offset, count)) {
            throw ImageRejectedException.undecodable("The " + formatName + " header is truncated.");
        }
    }
}
