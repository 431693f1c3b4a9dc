package io.fastimage.codec;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The colour encoding a file declares, as read from its header: an embedded ICC profile (JPEG APP2, PNG
 * {@code iCCP}, WebP {@code ICCP}, TIFF tag 34675), or PNG's {@code sRGB}, {@code gAMA} and {@code cHRM} chunks.
 * A file that declares nothing is sRGB.
 *
 * @param iccProfile     the profile's bytes (not yet validated), or null
 * @param pngGamma       PNG {@code gAMA}: the encoding exponent × 100000 (45455 for 1/2.2), 0 when absent or
 *                       overridden by {@code sRGB}/{@code iCCP}
 * @param chromaticities PNG {@code cHRM}: white x, y, red x, y, green x, y, blue x, y, each × 100000, or null
 */
record SourceColour(byte[] iccProfile, long pngGamma, long[] chromaticities) {

    static final SourceColour UNTAGGED = new SourceColour(null, 0, null);

    /**
     * The largest decompressed {@code iCCP} profile: real ones are at most a few megabytes (large CLUT
     * profiles), and a few hundred compressed bytes must not inflate into gigabytes.
     */
    static final int MAX_PROFILE_BYTES = 16 << 20;

    static SourceColour ofProfile(byte[] profile) {
        return profile == null || profile.length == 0 ? UNTAGGED : new SourceColour(profile, 0, null);
    }

    boolean untagged() {
        return iccProfile == null && pngGamma == 0 && chromaticities == null;
    }

    /**
     * Collects PNG's colour chunks while the header reader walks them. The PNG specification's precedence applies:
     * {@code iCCP} over {@code sRGB} over {@code gAMA}/{@code cHRM}.
     */
    static final class Png {
        private static final int CHRM_VALUES = 8;
        private static final int MAX_KEYWORD = 80;

        private byte[] profile;
        private boolean srgb;
        private long gamma;
        private long[] chromaticities;

        /** Reads the chunk whose type starts at {@code type} if it is one of the four; ignores any other. */
        void read(HeaderBytes in, long type, long data, long length) {
            if (in.matchesAscii(type, "sRGB")) {
                srgb = true;
            } else if (in.matchesAscii(type, "gAMA") && length == 4) {
                gamma = in.u32(data);
            } else if (in.matchesAscii(type, "cHRM") && length == 4 * CHRM_VALUES) {
                chromaticities = new long[CHRM_VALUES];
                for (int i = 0; i < CHRM_VALUES; i++) {
                    chromaticities[i] = in.u32(data + 4L * i);
                }
            } else if (in.matchesAscii(type, "iCCP") && profile == null) {
                profile = inflateProfile(in, data, length);
            }
        }

        SourceColour toSourceColour() {
            if (profile != null) {
                return ofProfile(profile);
            }
            if (srgb) {
                return UNTAGGED;
            }
            return new SourceColour(null, gamma, chromaticities);
        }

        /** Keyword (1..79 bytes), NUL, compression method 0, then a zlib stream; null when any of it is broken. */
        private static byte[] inflateProfile(HeaderBytes in, long data, long length) {
            int nul = -1;
            for (int i = 1; i <= MAX_KEYWORD && i < length; i++) {
                if (in.u8(data + i) == 0) {
                    nul = i;
                    break;
                }
            }
            if (nul < 0 || nul + 2 >= length || in.u8(data + nul + 1) != 0) {
                return null;
            }
            Inflater inflater = new Inflater();
            try {
                inflater.setInput(in.slice(data + nul + 2, length - nul - 2));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                while (!inflater.finished()) {
                    int n = inflater.inflate(buffer);
                    if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        return null; // truncated stream
                    }
                    out.write(buffer, 0, n);
                    if (out.size() > MAX_PROFILE_BYTES) {
                        return null;
                    }
                }
                return out.toByteArray();
            } catch (DataFormatException corrupt) {
                return null;
            } finally {
                inflater.end();
            }
        }
    }
}
