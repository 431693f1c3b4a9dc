package io.fastimage.codec;

import io.fastimage.codec.ImageRejectedException.Reason;

/**
 * Reads a file's declared size from its header alone, with a small parser per format, so that the pixel
 * limit can be enforced before a decoder allocates anything (a few hundred bytes can declare gigapixels);
 * on the same walk, what the decoder needs besides (orientation, colour profile or PNG colour chunks, tRNS,
 * TIFF extra samples, JPEG components, WebP animation).
 * Every read is bounds-checked; a malformed or truncated header is {@link Reason#UNDECODABLE}.
 */
public final class ImageHeaderReader {

    private static final int JPEG_SOI_LENGTH = 2;
    private static final int PNG_SIGNATURE_LENGTH = 8;
    private static final int WEBP_FIRST_CHUNK = 12;
    private static final int WEBP_VP8X_EXIF_FLAG = 0x08;
    private static final int BMP_DIB_HEADER = 14;
    private static final int PNG_GREY = 0;
    private static final int WEBP_VP8X_ANIMATION_FLAG = 0x02;
    /** "ICC_PROFILE\0", then the chunk's sequence number and the number of chunks (ICC.1, annex B.4). */
    private static final String JPEG_ICC_SIGNATURE = "ICC_PROFILE\0";
    private static final int JPEG_ICC_HEADER = JPEG_ICC_SIGNATURE.length() + 2;

    private ImageHeaderReader() {
    }

    /**
     * What the header says, together with where its orientation tag says "up" is, and what the decoder needs to
     * know about colour and alpha that OpenCV does not report.
     *
     * @param decoderTurnsUpright true where OpenCV applies the orientation itself (TIFF), so the codec must not
     * @param jpegFrameOffset     where a JPEG's frame header starts, -1 for other formats
     * @param colour              the embedded profile or PNG colour chunks
     * @param layout              sample layout details (components, transparency key, extra samples, animation)
     */
    record Inspection(ImageHeader header, Orientation orientation, boolean decoderTurnsUpright, int jpegFrameOffset,
            SourceColour colour, Layout layout) {

        Inspection(ImageHeader header, Orientation orientation, SourceColour colour, Layout layout) {
            this(header, orientation, false, -1, colour, layout);
        }
    }

    /**
     * How the stored samples are laid out, where OpenCV's answer alone is not enough.
     *
     * @param components     JPEG colour components (1, 3 or 4; 4 is CMYK or YCCK), 0 for other formats
     * @param adobeTransform a JPEG's Adobe APP14 colour transform (0 none, 1 YCbCr, 2 YCCK), -1 without that segment
     * @param pngBitDepth    a PNG's bit depth per sample, 0 for other formats
     * @param greyKey        a greyscale PNG's tRNS grey value (in its bit depth) that means "transparent", -1 if none
     * @param extraSamples   a TIFF's ExtraSamples value (1 associated alpha, 2 unassociated), -1 if absent
     * @param animated       a WebP with the animation flag (its frames are in ANMF chunks)
     */
    record Layout(int components, int adobeTransform, int pngBitDepth, int greyKey, int extraSamples, boolean animated) {

        static final Layout PLAIN = new Layout(0, -1, 0, -1, -1, false);
    }

    /**
     * The format and stored size declared by {@code bytes}.
     *
     * @throws ImageRejectedException UNSUPPORTED_TYPE for an unknown magic, UNDECODABLE for an empty input or a
     *                                broken header
     */
    public static ImageHeader read(byte[] bytes) throws ImageRejectedException {
        return inspect(bytes).header();
    }

    static Inspection inspect(byte[] bytes) {
        if (bytes.length == 0) {
            throw ImageRejectedException.undecodable("The upload is empty.");
        }
        ImageFormat format = ImageFormat.sniff(bytes).orElseThrow(() -> new ImageRejectedException(
                Reason.UNSUPPORTED_TYPE, "The upload is not a PNG, JPEG, WebP, BMP or TIFF image."));
        return switch (format) {
            case PNG -> png(bytes);
            case JPEG -> jpeg(bytes);
            case WEBP -> webp(bytes);
            case BMP -> bmp(bytes);
            case TIFF -> tiff(bytes);
        };
    }

    /**
     * The IHDR chunk must come first; eXIf, iCCP, sRGB, gAMA, cHRM and tRNS, if any, come before the image data.
     */
    private static Inspection png(byte[] bytes) {
        HeaderBytes in = new HeaderBytes(bytes, false, "PNG");
        if (in.u32(PNG_SIGNATURE_LENGTH) != 13 || !in.matchesAscii(PNG_SIGNATURE_LENGTH + 4, "IHDR")) {
            throw ImageRejectedException.undecodable("The PNG does not start with an IHDR chunk.");
        }
        ImageHeader header = checked(ImageFormat.PNG, in.u32(PNG_SIGNATURE_LENGTH + 8), in.u32(PNG_SIGNATURE_LENGTH + 12));
        int bitDepth = in.u8(PNG_SIGNATURE_LENGTH + 16);
        int colourType = in.u8(PNG_SIGNATURE_LENGTH + 17);
        Orientation orientation = null;
        SourceColour.Png colour = new SourceColour.Png();
        int greyKey = -1;
        long chunk = PNG_SIGNATURE_LENGTH;
        // Chunk = length, type, data, CRC. Stop quietly at the first sign of damage: the decoder will judge.
        while (in.has(chunk, 8) && !in.matchesAscii(chunk + 4, "IDAT") && !in.matchesAscii(chunk + 4, "IEND")) {
            long length = in.u32(chunk);
            long data = chunk + 8;
            if (!in.has(data, length)) {
                break;
            }
            if (in.matchesAscii(chunk + 4, "eXIf") && orientation == null) {
                orientation = TiffDirectory.exifOrientation(bytes, (int) data);
            } else if (in.matchesAscii(chunk + 4, "tRNS") && colourType == PNG_GREY && length == 2) {
                greyKey = in.u16(data);
            } else {
                colour.read(in, chunk + 4, data, length);
            }
            chunk += 12 + length;
        }
        return new Inspection(header, orientation != null ? orientation : Orientation.NORMAL, colour.toSourceColour(),
                new Layout(0, -1, bitDepth, greyKey, -1, false));
    }

    /**
     * Walks the marker segments up to the first start-of-frame, which holds the size; an APP1 "Exif" segment
     * before it holds the orientation.
     */
    private static Inspection jpeg(byte[] bytes) {
        HeaderBytes in = new HeaderBytes(bytes, false, "JPEG");
        Orientation orientation = Orientation.NORMAL;
        boolean exifSeen = false;
        int adobeTransform = -1;
        byte[][] iccChunks = null;
        long pos = JPEG_SOI_LENGTH;
        while (true) {
            if (in.u8(pos) != 0xFF) {
                throw ImageRejectedException.undecodable("The JPEG has a corrupt marker segment.");
            }
            while (in.u8(pos) == 0xFF) {
                pos++; // fill bytes
            }
            int marker = in.u8(pos++);
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue; // stand-alone markers carry no length
            }
            if (marker == 0xD8 || marker == 0xD9 || marker == 0xDA || marker == 0x00) {
                throw ImageRejectedException.undecodable("The JPEG has no frame header before its image data.");
            }
            int length = in.u16(pos);
            if (length < 2 || !in.has(pos, length)) {
                throw ImageRejectedException.undecodable("The JPEG has a corrupt marker segment.");
            }
            if (isStartOfFrame(marker)) {
                long segment = pos - 2;
                // Segment: length(2), precision(1), height(2), width(2), components(1).
                Layout layout = new Layout(in.u8(pos + 7), adobeTransform, 0, -1, -1, false);
                return new Inspection(checked(ImageFormat.JPEG, in.u16(pos + 5), in.u16(pos + 3)), orientation, false,
                        (int) segment, SourceColour.ofProfile(joinIccChunks(iccChunks)), layout);
            }
            if (marker == 0xE1 && !exifSeen && length >= 8 && in.matchesAscii(pos + 2, "Exif\0\0")) {
                exifSeen = true;
                orientation = TiffDirectory.exifOrientation(bytes, (int) pos + 8);
            } else if (marker == 0xE2 && length > 2 + JPEG_ICC_HEADER && in.matchesAscii(pos + 2, JPEG_ICC_SIGNATURE)) {
                int sequence = in.u8(pos + 2 + JPEG_ICC_SIGNATURE.length());
                int count = in.u8(pos + 3 + JPEG_ICC_SIGNATURE.length());
                if (iccChunks == null && count > 0) {
                    iccChunks = new byte[count][];
                }
                if (iccChunks != null && count == iccChunks.length && sequence >= 1 && sequence <= count) {
                    int from = (int) pos + 2 + JPEG_ICC_HEADER;
                    iccChunks[sequence - 1] = in.slice(from, pos + length - from);
                }
            } else if (marker == 0xEE && length >= 14 && in.matchesAscii(pos + 2, "Adobe")) {
                adobeTransform = in.u8(pos + 13); // "Adobe", version(2), flags0(2), flags1(2), transform(1)
            }
            pos += length;
        }
    }

    /** A profile split over APP2 segments, in sequence order; null when none, or when a segment is missing. */
    private static byte[] joinIccChunks(byte[][] chunks) {
        if (chunks == null) {
            return null;
        }
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            if (chunk == null) {
                return null;
            }
            joined.writeBytes(chunk);
        }
        return joined.toByteArray();
    }

    /** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    /** RIFF container; the first chunk is VP8 (lossy), VP8L (lossless) or VP8X (extended, with a canvas size). */
    private static Inspection webp(byte[] bytes) {
        HeaderBytes in = new HeaderBytes(bytes, true, "WebP");
        long chunk = WEBP_FIRST_CHUNK;
        long data = chunk + 8;
        if (in.matchesAscii(chunk, "VP8 ")) {
            // Frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height (top 2 bits: scaling).
            if (in.u8(data + 3) != 0x9D || in.u8(data + 4) != 0x01 || in.u8(data + 5) != 0x2A) {
                throw ImageRejectedException.undecodable("The WebP VP8 frame has no start code.");
            }
            return new Inspection(checked(ImageFormat.WEBP, in.u16(data + 6) & 0x3FFF, in.u16(data + 8) & 0x3FFF),
                    Orientation.NORMAL, SourceColour.UNTAGGED, Layout.PLAIN);
        }
        if (in.matchesAscii(chunk, "VP8L")) {
            // Signature 0x2F, then 14 bits width - 1 and 14 bits height - 1, least significant bit first.
            if (in.u8(data) != 0x2F) {
                throw ImageRejectedException.undecodable("The WebP lossless stream has no signature.");
            }
            long bits = in.u32(data + 1);
            return new Inspection(checked(ImageFormat.WEBP, (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1),
                    Orientation.NORMAL, SourceColour.UNTAGGED, Layout.PLAIN);
        }
        if (in.matchesAscii(chunk, "VP8X")) {
            int flags = in.u8(data);
            ImageHeader header = checked(ImageFormat.WEBP, in.u24(data + 4) + 1L, in.u24(data + 7) + 1L);
            Orientation orientation = Orientation.NORMAL;
            byte[] profile = null;
            for (long at = WEBP_FIRST_CHUNK; in.has(at, 8); at = WebpChunks.next(in, at)) {
                long size = in.u32(at + 4);
                if (!in.has(at + 8, size)) {
                    break;
                }
                if (in.matchesAscii(at, "EXIF") && (flags & WEBP_VP8X_EXIF_FLAG) != 0) {
                    // The specification says a bare TIFF structure; some writers keep JPEG's "Exif\0\0" prefix.
                    long tiff = in.matchesAscii(at + 8, "Exif\0\0") ? at + 14 : at + 8;
                    orientation = TiffDirectory.exifOrientation(bytes, (int) tiff);
                } else if (in.matchesAscii(at, "ICCP") && profile == null) {
                    profile = in.slice(at + 8, size);
                }
            }
            Layout layout = new Layout(0, -1, 0, -1, -1, (flags & WEBP_VP8X_ANIMATION_FLAG) != 0);
            return new Inspection(header, orientation, SourceColour.ofProfile(profile), layout);
        }
        throw ImageRejectedException.undecodable("The WebP has no VP8, VP8L or VP8X chunk.");
    }

    /** File header (14 bytes), then a DIB header whose size tells its layout; negative height means top-down. */
    private static Inspection bmp(byte[] bytes) {
        HeaderBytes in = new HeaderBytes(bytes, true, "BMP");
        long dibSize = in.u32(BMP_DIB_HEADER);
        long width;
        long height;
        if (dibSize == HeaderBytes.BMP_CORE_HEADER_SIZE) {
            width = in.u16(BMP_DIB_HEADER + 4);
            height = in.u16(BMP_DIB_HEADER + 6);
        } else if (HeaderBytes.BMP_INFO_HEADER_SIZES.contains((int) dibSize)) {
            width = (int) in.u32(BMP_DIB_HEADER + 4);
            height = Math.abs((long) (int) in.u32(BMP_DIB_HEADER + 8));
        } else {
            throw ImageRejectedException.undecodable("The BMP has an unknown header layout.");
        }
        return new Inspection(checked(ImageFormat.BMP, width, height), Orientation.NORMAL, SourceColour.UNTAGGED, Layout.PLAIN);
    }

    /**
     * Width and length of the first directory (the page a decoder reads), orientation from the same one.
     * OpenCV's TIFF decoder applies that orientation itself, even when asked for unchanged pixels.
     */
    private static Inspection tiff(byte[] bytes) {
        TiffDirectory directory = TiffDirectory.readFirst(bytes, 0, "TIFF");
        ImageHeader header = checked(ImageFormat.TIFF,
                directory.value(TiffDirectory.IMAGE_WIDTH), directory.value(TiffDirectory.IMAGE_LENGTH));
        Layout layout = new Layout(0, -1, 0, -1, (int) directory.value(TiffDirectory.EXTRA_SAMPLES), false);
        return new Inspection(header, Orientation.fromExif((int) directory.value(TiffDirectory.ORIENTATION)), true, -1,
                SourceColour.ofProfile(directory.bytes(TiffDirectory.ICC_PROFILE)), layout);
    }

    private static ImageHeader checked(ImageFormat format, long width, long height) {
        if (width < 0 || height < 0) {
            throw ImageRejectedException.undecodable("The " + format.name() + " header does not declare a size.");
        }
        if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw ImageRejectedException.undecodable(
                    "The " + format.name() + " header declares an impossible size " + width + "x" + height + ".");
        }
        return new ImageHeader(format, (int) width, (int) height);
    }
}
