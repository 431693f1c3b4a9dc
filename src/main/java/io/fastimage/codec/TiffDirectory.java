package io.fastimage.codec;

import java.util.HashMap;
import java.util.Map;

/**
 * The single-valued SHORT/LONG entries of the first image file directory of a TIFF structure: a TIFF file,
 * or the EXIF block inside a JPEG, PNG or WebP (same layout, offsets relative to its own start).
 */
final class TiffDirectory {

    static final int IMAGE_WIDTH = 256;
    static final int IMAGE_LENGTH = 257;
    static final int ORIENTATION = 0x0112;
    static final int SAMPLES_PER_PIXEL = 277;
    /** 1: associated (premultiplied) alpha, 2: unassociated (straight) alpha, 0: unspecified extra data. */
    static final int EXTRA_SAMPLES = 338;
    /** The embedded ICC profile (type UNDEFINED). */
    static final int ICC_PROFILE = 34675;

    private static final int TYPE_BYTE = 1;
    private static final int TYPE_SHORT = 3;
    private static final int TYPE_LONG = 4;
    private static final int TYPE_UNDEFINED = 7;
    private static final int ENTRY_SIZE = 12;
    private static final int INLINE_BYTES = 4;

    private final Map<Integer, Long> values;
    private final Map<Integer, byte[]> blobs;

    private TiffDirectory(Map<Integer, Long> values, Map<Integer, byte[]> blobs) {
        this.values = values;
        this.blobs = blobs;
    }

    /**
     * Reads the first directory of the TIFF structure starting at {@code start}.
     *
     * @throws ImageRejectedException UNDECODABLE when the structure is malformed or truncated
     */
    static TiffDirectory readFirst(byte[] bytes, int start, String formatName) {
        HeaderBytes in = new HeaderBytes(bytes, true, formatName);
        boolean little;
        if (in.matchesAscii(start, "II")) {
            little = true;
        } else if (in.matchesAscii(start, "MM")) {
            little = false;
        } else {
            throw ImageRejectedException.undecodable("The " + formatName + " TIFF structure has no byte-order mark.");
        }
        in = in.withLittleEndian(little);
        if (in.u16(start + 2L) != 42) {
            throw ImageRejectedException.undecodable("The " + formatName + " TIFF structure has a wrong version number.");
        }
        long directory = start + in.u32(start + 4L);
        int count = in.u16(directory);
        if (!in.has(directory + 2, (long) count * ENTRY_SIZE)) {
            throw ImageRejectedException.undecodable("The " + formatName + " header is truncated.");
        }
        Map<Integer, Long> values = new HashMap<>();
        Map<Integer, byte[]> blobs = new HashMap<>();
        for (int i = 0; i < count; i++) {
            long entry = directory + 2 + (long) i * ENTRY_SIZE;
            int type = in.u16(entry + 2);
            long valueCount = in.u32(entry + 4);
            if ((type == TYPE_BYTE || type == TYPE_UNDEFINED) && in.u16(entry) == ICC_PROFILE) {
                // Bytes up to four sit in the value field, longer runs at the offset it holds (relative to start).
                long at = valueCount <= INLINE_BYTES ? entry + 8 : start + in.u32(entry + 8);
                if (in.has(at, valueCount)) {
                    blobs.putIfAbsent(ICC_PROFILE, in.slice(at, valueCount));
                }
                continue;
            }
            if (valueCount != 1) {
                continue;
            }
            // A single SHORT or LONG sits in the first bytes of the 4-byte value field.
            if (type == TYPE_SHORT) {
                values.putIfAbsent(in.u16(entry), (long) in.u16(entry + 8));
            } else if (type == TYPE_LONG) {
                values.putIfAbsent(in.u16(entry), in.u32(entry + 8));
            }
        }
        return new TiffDirectory(values, blobs);
    }

    /** The value of a single SHORT or LONG tag, or -1 when absent. */
    long value(int tag) {
        return values.getOrDefault(tag, -1L);
    }

    /** The bytes of the ICC profile tag when present and inside the file (the only byte run kept), else null. */
    byte[] bytes(int tag) {
        return blobs.get(tag);
    }

    /**
     * The orientation in an EXIF block; a missing or corrupt block means upright, as viewers treat it
     * (the picture itself may still be fine).
     */
    static Orientation exifOrientation(byte[] bytes, int start) {
        try {
            return Orientation.fromExif((int) readFirst(bytes, start, "EXIF").value(ORIENTATION));
        } catch (ImageRejectedException corrupt) {
            return Orientation.NORMAL;
        }
    }
}
