package io.fastimage.codec;

import java.util.Optional;

/** The formats the service decodes, recognised by their magic bytes only. */
public enum ImageFormat {
    PNG("image/png"),
    JPEG("image/jpeg"),
    WEBP("image/webp"),
    BMP("image/bmp"),
    TIFF("image/tiff");

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private final String mediaType;

    ImageFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /**
     * The format whose magic bytes start {@code head}, if any. {@code head} may be the whole file or just
     * its first bytes (18 are enough for every format).
     */
    public static Optional<ImageFormat> sniff(byte[] head) {
        if (startsWith(head, PNG_SIGNATURE)) {
            return Optional.of(PNG);
        }
        if (head.length >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, ascii("RIFF")) && head.length >= 12 && regionEquals(head, 8, ascii("WEBP"))) {
            return Optional.of(WEBP);
        }
        if (startsWith(head, ascii("II*\0")) || startsWith(head, ascii("MM\0*"))) {
            return Optional.of(TIFF);
        }
        if (startsWith(head, ascii("BM")) && looksLikeBmpInfoHeader(head)) {
            return Optional.of(BMP);
        }
        return Optional.empty();
    }

    /** "BM" alone is too weak (plain text can start with it), so the DIB header size must be a known one too. */
    private static boolean looksLikeBmpInfoHeader(byte[] head) {
        if (head.length < 18) {
            return false;
        }
        long dibSize = (head[14] & 0xFFL) | (head[15] & 0xFFL) << 8 | (head[16] & 0xFFL) << 16 | (head[17] & 0xFFL) << 24;
        return HeaderBytes.BMP_INFO_HEADER_SIZES.contains((int) dibSize) || dibSize == HeaderBytes.BMP_CORE_HEADER_SIZE;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && regionEquals(bytes, 0, prefix);
    }

    private static boolean regionEquals(byte[] bytes, int offset, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (bytes[offset + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
