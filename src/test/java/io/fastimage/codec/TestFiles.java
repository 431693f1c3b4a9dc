package io.fastimage.codec;

import io.fastimage.ConformanceKit;
import io.fastimage.image.Rgb8Image;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Builds real image files for the codec tests, independently of the code under test: by hand (PNG chunks,
 * BMP and TIFF headers, EXIF segments) or with the JDK's own ImageIO writers.
 */
public final class TestFiles {

    static final Path PHOTO = ConformanceKit.PHOTO;

    private TestFiles() {
    }

    /** Every pixel different and no symmetry: R follows x, G follows y, B mixes both. */
    public static Rgb8Image gradient(int width, int height) {
        byte[] px = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                px[i] = (byte) (x * 255 / Math.max(1, width - 1));
                px[i + 1] = (byte) (y * 255 / Math.max(1, height - 1));
                px[i + 2] = (byte) ((x * 7 + y * 13) % 256);
            }
        }
        return new Rgb8Image(width, height, px);
    }

    /** A real photograph, scaled down with bilinear filtering so tests stay small. */
    static Rgb8Image photo(int width, int height) {
        try {
            BufferedImage full = ImageIO.read(PHOTO.toFile());
            BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = small.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(full, 0, 0, width, height, null);
            g.dispose();
            return fromBufferedImage(small);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Rgb8Image fromBufferedImage(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, y);
                int i = (y * w + x) * 3;
                px[i] = (byte) (argb >> 16);
                px[i + 1] = (byte) (argb >> 8);
                px[i + 2] = (byte) argb;
            }
        }
        return new Rgb8Image(w, h, px);
    }

    static BufferedImage toBufferedImage(Rgb8Image image) {
        BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        byte[] px = image.pixels();
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int i = (y * image.width() + x) * 3;
                out.setRGB(x, y, (px[i] & 0xFF) << 16 | (px[i + 1] & 0xFF) << 8 | (px[i + 2] & 0xFF));
            }
        }
        return out;
    }

    /** Encodes with the JDK's own writers (png, bmp, tiff, jpeg). */
    static byte[] imageIo(Rgb8Image image, String formatName) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(toBufferedImage(image), formatName, out)) {
                throw new IllegalStateException("no ImageIO writer for " + formatName);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] jpeg(Rgb8Image image, float quality) {
        return jpegOf(new IIOImage(toBufferedImage(image), null, null), quality);
    }

    /** A 4-component JPEG written from a raw raster (ImageIO adds no Adobe marker; libjpeg reads 4 components as CMYK). */
    static byte[] cmykJpeg(Raster cmyk) {
        return jpegOf(new IIOImage(cmyk, null, null), 0.95f);
    }

    /**
     * A YCCK JPEG (Adobe transform 2) of a 4-band CMYK raster, as Photoshop stores CMYK: C, M, Y become YCbCr of
     * (255 - C, 255 - M, 255 - Y) by the JFIF equations (what libjpeg does for YCCK), K is kept. The JDK writer
     * writes a raster as given; its default metadata for a CMYK colour space ({@code cmykSpace}) has the Adobe marker.
     */
    static byte[] ycckJpeg(Raster cmyk, java.awt.color.ColorSpace cmykSpace) {
        WritableRaster ycck = cmyk.createCompatibleWritableRaster();
        int[] p = new int[4];
        for (int y = 0; y < cmyk.getHeight(); y++) {
            for (int x = 0; x < cmyk.getWidth(); x++) {
                cmyk.getPixel(x, y, p);
                double r = 255 - p[0];
                double g = 255 - p[1];
                double b = 255 - p[2];
                ycck.setPixel(x, y, new int[] {
                    clamp(0.299 * r + 0.587 * g + 0.114 * b),
                    clamp(-0.168736 * r - 0.331264 * g + 0.5 * b + 128),
                    clamp(0.5 * r - 0.418688 * g - 0.081312 * b + 128),
                    p[3]});
            }
        }
        // The JDK writer's default metadata for a CMYK colour space carries the Adobe marker with transform 2.
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            javax.imageio.ImageTypeSpecifier type = javax.imageio.ImageTypeSpecifier.createInterleaved(cmykSpace,
                    new int[] {0, 1, 2, 3}, java.awt.image.DataBuffer.TYPE_BYTE, false, false);
            return jpegOf(new IIOImage(ycck, null, writer.getDefaultImageMetadata(type, writer.getDefaultWriteParam())), 0.95f);
        } finally {
            writer.dispose();
        }
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    private static byte[] jpegOf(IIOImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream();
                MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, image, param);
            stream.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    /** A minimal EXIF block (TIFF structure, one IFD0 entry: Orientation) in the given byte order. */
    static byte[] exifTiff(int orientation, boolean littleEndian) {
        ByteBuffer b = ByteBuffer.allocate(26).order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        b.put(ascii(littleEndian ? "II" : "MM")).putShort((short) 42).putInt(8);
        b.putShort((short) 1);
        b.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        b.putInt(0); // no next IFD
        return b.array();
    }

    /** Inserts an APP1 "Exif" segment right after the JPEG's start-of-image marker, where cameras put it. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation, boolean littleEndian) {
        byte[] tiff = exifTiff(orientation, littleEndian);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int length = 2 + 6 + tiff.length;
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(ascii("Exif\0\0"));
        out.writeBytes(tiff);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    // ---- PNG built chunk by chunk ----

    static final int PNG_GREY = 0;
    static final int PNG_RGB = 2;
    static final int PNG_GREY_ALPHA = 4;
    static final int PNG_RGBA = 6;

    /**
     * A PNG from raw samples (big-endian for 16-bit), rows unfiltered; {@code beforeData} are extra chunks
     * (type + data pairs) placed before IDAT.
     */
    static byte[] png(int width, int height, int bitDepth, int colourType, byte[] samples, Object... beforeData) {
        int rowBytes = samples.length / height;
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        for (int y = 0; y < height; y++) {
            raw.write(0); // filter: none
            raw.write(samples, y * rowBytes, rowBytes);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        pngChunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) bitDepth).put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) 0).array());
        for (int i = 0; i < beforeData.length; i += 2) {
            pngChunk(out, (String) beforeData[i], (byte[]) beforeData[i + 1]);
        }
        pngChunk(out, "IDAT", deflate(raw.toByteArray()));
        pngChunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** Only a signature and an IHDR declaring the given size: no image data at all. */
    public static byte[] pngHeaderOnly(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        pngChunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) PNG_RGB).put((byte) 0).put((byte) 0).put((byte) 0).array());
        return out.toByteArray();
    }

    static void pngChunk(ByteArrayOutputStream out, String type, byte[] data) {
        ByteBuffer header = ByteBuffer.allocate(8).putInt(data.length).put(ascii(type));
        out.writeBytes(header.array());
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(ascii(type));
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    /** Interleaved 8-bit RGB + alpha samples, for an RGBA PNG. */
    static byte[] rgbaSamples(Rgb8Image rgb, byte[] alpha) {
        byte[] out = new byte[rgb.pixelCount() * 4];
        for (int i = 0; i < rgb.pixelCount(); i++) {
            System.arraycopy(rgb.pixels(), i * 3, out, i * 4, 3);
            out[i * 4 + 3] = alpha[i];
        }
        return out;
    }

    // ---- BMP and TIFF written by hand ----

    /** A 24-bit BITMAPINFOHEADER BMP; {@code topDown} stores the first row first and says so with a negative height. */
    static byte[] bmp24(Rgb8Image image, boolean topDown) {
        int w = image.width();
        int h = image.height();
        int stride = (w * 3 + 3) & ~3;
        ByteBuffer b = ByteBuffer.allocate(54 + stride * h).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("BM")).putInt(54 + stride * h).putInt(0).putInt(54);
        b.putInt(40).putInt(w).putInt(topDown ? -h : h).putShort((short) 1).putShort((short) 24)
                .putInt(0).putInt(stride * h).putInt(2835).putInt(2835).putInt(0).putInt(0);
        byte[] px = image.pixels();
        for (int row = 0; row < h; row++) {
            int y = topDown ? row : h - 1 - row;
            int start = 54 + row * stride;
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                b.put(start + x * 3, px[i + 2]).put(start + x * 3 + 1, px[i + 1]).put(start + x * 3 + 2, px[i]);
            }
        }
        return b.array();
    }

    /** An uncompressed 8-bit RGB TIFF in one strip, in either byte order, with an Orientation tag unless 0. */
    static byte[] tiffRgb(Rgb8Image image, boolean littleEndian, int orientation) {
        return tiff(image.width(), image.height(), 3, 8, image.pixels(), littleEndian, orientation);
    }

    /**
     * An uncompressed TIFF in one strip: {@code channels} 1 (grey) or 3 (RGB), {@code bits} 8 or 16 per sample
     * ({@code samples} already in the file's byte order), with an Orientation tag unless 0.
     */
    static byte[] tiff(int w, int h, int channels, int bits, byte[] samples, boolean littleEndian, int orientation) {
        return tiff(w, h, channels, bits, samples, littleEndian, orientation, -1, null);
    }

    /**
     * As {@link #tiff(int, int, int, int, byte[], boolean, int)}, for 1 to 4 channels: with {@code extraSamples} >= 0
     * the last channel is an extra sample of that kind (1 associated alpha, 2 unassociated alpha), and with
     * {@code iccProfile} the profile is embedded (tag 34675).
     */
    static byte[] tiff(int w, int h, int channels, int bits, byte[] samples, boolean littleEndian, int orientation,
            int extraSamples, byte[] iccProfile) {
        int colours = extraSamples >= 0 ? channels - 1 : channels;
        int entries = 9 + (orientation == 0 ? 0 : 1) + (extraSamples >= 0 ? 1 : 0) + (iccProfile != null ? 1 : 0);
        int ifdSize = 2 + entries * 12 + 4;
        int bitsOffset = 8 + ifdSize;
        int iccOffset = bitsOffset + 2 * channels;
        int iccLength = iccProfile != null ? iccProfile.length : 0;
        int dataOffset = iccOffset + iccLength + (iccLength & 1);
        ByteBuffer b = ByteBuffer.allocate(dataOffset + samples.length).order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        b.put(ascii(littleEndian ? "II" : "MM")).putShort((short) 42).putInt(8);
        b.putShort((short) entries);
        tiffEntry(b, 256, 4, 1, w);                  // ImageWidth
        tiffEntry(b, 257, 4, 1, h);                  // ImageLength
        if (channels > 2) {
            tiffEntry(b, 258, 3, channels, bitsOffset); // BitsPerSample, one per channel, stored out of line
        } else {
            tiffEntry(b, 258, 3, channels, bits | (channels == 2 ? bits << 16 : 0));
        }
        tiffEntry(b, 259, 3, 1, 1);                  // Compression: none
        tiffEntry(b, 262, 3, 1, colours == 3 ? 2 : 1); // Photometric: RGB or black-is-zero
        tiffEntry(b, 273, 4, 1, dataOffset);         // StripOffsets
        if (orientation != 0) {
            tiffEntry(b, 274, 3, 1, orientation);    // Orientation
        }
        tiffEntry(b, 277, 3, 1, channels);           // SamplesPerPixel
        tiffEntry(b, 278, 4, 1, h);                  // RowsPerStrip
        tiffEntry(b, 279, 4, 1, samples.length);     // StripByteCounts
        if (extraSamples >= 0) {
            tiffEntry(b, 338, 3, 1, extraSamples);   // ExtraSamples
        }
        if (iccProfile != null) {
            tiffEntry(b, 34675, 7, iccLength, iccOffset); // ICC profile, type UNDEFINED
        }
        b.putInt(0);
        for (int c = 0; c < channels; c++) {
            b.putShort((short) bits);
        }
        if (iccProfile != null) {
            b.put(iccProfile).position(dataOffset);
        }
        b.put(samples);
        return b.array();
    }

    private static void tiffEntry(ByteBuffer b, int tag, int type, int count, int value) {
        b.putShort((short) tag).putShort((short) type).putInt(count);
        if (type == 3 && count == 2) {
            b.putShort((short) value).putShort((short) (value >>> 16)); // two SHORTs packed in the value
        } else if (type == 3 && count == 1) {
            b.putShort((short) value).putShort((short) 0);
        } else {
            b.putInt(value);
        }
    }

    // ---- WebP container ----

    /**
     * Re-wraps a simple WebP (one VP8 or VP8L chunk) as an extended one: VP8X with the EXIF flag, the
     * original image chunk, then an EXIF chunk holding {@code exif}.
     */
    static byte[] webpWithExif(byte[] simpleWebp, int width, int height, byte[] exif) {
        return webpExtended(width, height, 0x08, simpleImageChunk(simpleWebp), webpChunk("EXIF", exif));
    }

    /** Re-wraps a simple WebP as an extended one with an ICCP chunk (flag 0x20) before the image, as the specification orders. */
    static byte[] webpWithIcc(byte[] simpleWebp, int width, int height, byte[] profile) {
        return webpExtended(width, height, 0x20, webpChunk("ICCP", profile), simpleImageChunk(simpleWebp));
    }

    /** One frame of an animated WebP: a simple WebP and where it sits on the canvas (x and y even). */
    record WebpFrame(byte[] simpleWebp, int x, int y, int width, int height) {
    }

    /** An animated WebP (flag 0x02): ANIM (transparent background, loop forever), then one ANMF chunk per frame. */
    static byte[] animatedWebp(int width, int height, WebpFrame... frames) {
        List<byte[]> chunks = new ArrayList<>();
        chunks.add(webpChunk("ANIM", new byte[6]));
        for (WebpFrame frame : frames) {
            ByteArrayOutputStream payload = new ByteArrayOutputStream();
            for (int value : new int[] {frame.x() / 2, frame.y() / 2, frame.width() - 1, frame.height() - 1, 100}) {
                payload.write(value);
                payload.write(value >> 8);
                payload.write(value >> 16);
            }
            payload.write(0); // flags: blend, no dispose
            // A simple WebP with alpha is already VP8X + ALPH + VP8; the frame takes its chunks after VP8X.
            byte[] simple = frame.simpleWebp();
            int from = new String(simple, 12, 4, StandardCharsets.ISO_8859_1).equals("VP8X") ? 12 + 18 : 12;
            payload.writeBytes(java.util.Arrays.copyOfRange(simple, from, simple.length));
            chunks.add(webpChunk("ANMF", payload.toByteArray()));
        }
        return webpExtended(width, height, 0x02 | 0x10, chunks.toArray(new byte[0][]));
    }

    /**
     * Frame {@code index} (0-based) of an animated WebP whose frames have no alpha, as a simple WebP of its own:
     * the frame's VP8/VP8L chunk in a fresh RIFF. Written independently of the decoder, to check it.
     */
    static byte[] webpFrameAsStill(byte[] animated, int index) {
        ByteBuffer in = ByteBuffer.wrap(animated).order(ByteOrder.LITTLE_ENDIAN);
        int frames = 0;
        for (int at = 12; at + 8 <= animated.length; at += 8 + in.getInt(at + 4) + (in.getInt(at + 4) & 1)) {
            if (new String(animated, at, 4, StandardCharsets.ISO_8859_1).equals("ANMF") && frames++ == index) {
                int image = at + 8 + 16;
                while (!new String(animated, image, 3, StandardCharsets.ISO_8859_1).equals("VP8")) {
                    image += 8 + in.getInt(image + 4) + (in.getInt(image + 4) & 1);
                }
                byte[] chunk = java.util.Arrays.copyOfRange(animated, image, image + 8 + in.getInt(image + 4));
                ByteBuffer still = ByteBuffer.allocate(12 + chunk.length + (chunk.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
                return still.put(ascii("RIFF")).putInt(4 + chunk.length + (chunk.length & 1)).put(ascii("WEBP")).put(chunk).array();
            }
        }
        throw new IllegalArgumentException("no frame " + index);
    }

    private static byte[] simpleImageChunk(byte[] simpleWebp) {
        return java.util.Arrays.copyOfRange(simpleWebp, 12, simpleWebp.length);
    }

    /** A RIFF chunk: four-character type, little-endian size, data, padding to an even size. */
    static byte[] webpChunk(String type, byte[] data) {
        ByteBuffer chunk = ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        chunk.put(ascii(type)).putInt(data.length).put(data);
        return chunk.array();
    }

    private static byte[] webpExtended(int width, int height, int flags, byte[]... chunks) {
        ByteBuffer vp8x = ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN);
        vp8x.put(ascii("VP8X")).putInt(10).put((byte) flags).put(new byte[3]);
        vp8x.put((byte) (width - 1)).put((byte) ((width - 1) >> 8)).put((byte) ((width - 1) >> 16));
        vp8x.put((byte) (height - 1)).put((byte) ((height - 1) >> 8)).put((byte) ((height - 1) >> 16));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(vp8x.array());
        for (byte[] chunk : chunks) {
            body.writeBytes(chunk);
        }
        ByteBuffer out = ByteBuffer.allocate(12 + body.size()).order(ByteOrder.LITTLE_ENDIAN);
        out.put(ascii("RIFF")).putInt(4 + body.size()).put(ascii("WEBP")).put(body.toByteArray());
        return out.array();
    }

    // ---- colour profiles ----

    static final Path CASES = Path.of("../shared/cases");

    /** A file from the shared cases of issue 20 (see its README). */
    static byte[] caseFile(String name) {
        try {
            return Files.readAllBytes(CASES.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ICC profile in a JPEG's APP2 "ICC_PROFILE" segments (in file order, which is sequence order here). */
    static byte[] jpegIccProfile(byte[] jpeg) {
        ByteArrayOutputStream profile = new ByteArrayOutputStream();
        forEachSegment(jpeg, (start, length) -> {
            if ((jpeg[start + 1] & 0xFF) == 0xE2 && new String(jpeg, start + 4, 11, StandardCharsets.ISO_8859_1).equals("ICC_PROFILE")) {
                profile.write(jpeg, start + 4 + 14, length - 2 - 14);
            }
            return true;
        });
        return profile.toByteArray();
    }

    /** The JPEG without its APP2 ICC segments: the same samples, now untagged. */
    static byte[] withoutIccProfile(byte[] jpeg) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int[] end = {2};
        forEachSegment(jpeg, (start, length) -> {
            if ((jpeg[start + 1] & 0xFF) != 0xE2) {
                out.write(jpeg, start, 2 + length);
            }
            end[0] = start + 2 + length;
            return (jpeg[start + 1] & 0xFF) != 0xDA;
        });
        out.write(jpeg, end[0], jpeg.length - end[0]);
        return out.toByteArray();
    }

    /** Adds APP2 ICC segments right after the start-of-image marker, split into {@code chunk}-byte pieces. */
    static byte[] withIccProfile(byte[] jpeg, byte[] profile, int chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int count = (profile.length + chunk - 1) / chunk;
        for (int i = 0; i < count; i++) {
            int from = i * chunk;
            int length = Math.min(chunk, profile.length - from);
            int segment = 2 + 14 + length;
            out.write(0xFF);
            out.write(0xE2);
            out.write(segment >> 8);
            out.write(segment & 0xFF);
            out.writeBytes(ascii("ICC_PROFILE\0"));
            out.write(i + 1);
            out.write(count);
            out.write(profile, from, length);
        }
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private interface SegmentVisitor {
        /** Called with the marker's offset and the segment length (including its two length bytes); false stops. */
        boolean visit(int start, int length);
    }

    private static void forEachSegment(byte[] jpeg, SegmentVisitor visitor) {
        int at = 2;
        while (at + 4 <= jpeg.length && (jpeg[at] & 0xFF) == 0xFF) {
            int length = (jpeg[at + 2] & 0xFF) << 8 | jpeg[at + 3] & 0xFF;
            if (!visitor.visit(at, length)) {
                return;
            }
            at += 2 + length;
        }
    }

    /** The PNG iCCP chunk's data: keyword, NUL, compression method 0, the zlib-compressed profile. */
    static byte[] iccpChunk(byte[] profile) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(ascii("test profile\0"));
        data.write(0);
        data.writeBytes(deflate(profile));
        return data.toByteArray();
    }

    /** {@code image}'s numbers re-expressed in {@code target} (from sRGB), with the JDK's colour management. */
    static Rgb8Image fromSrgb(Rgb8Image image, java.awt.color.ICC_Profile target) {
        java.awt.color.ColorSpace space = new java.awt.color.ICC_ColorSpace(target);
        BufferedImage source = toBufferedImage(image);
        java.awt.image.ComponentColorModel model = new java.awt.image.ComponentColorModel(space, false, false,
                java.awt.Transparency.OPAQUE, java.awt.image.DataBuffer.TYPE_BYTE);
        BufferedImage converted = new BufferedImage(model,
                model.createCompatibleWritableRaster(image.width(), image.height()), false, null);
        new java.awt.image.ColorConvertOp(null).filter(source, converted);
        byte[] px = new byte[image.pixelCount() * 3];
        converted.getRaster().getDataElements(0, 0, image.width(), image.height(), px);
        return new Rgb8Image(image.width(), image.height(), px);
    }

    /**
     * A minimal CMYK input profile (ICC v2, PCS XYZ) whose A2B0 table is a 2×2×2×2 grid: each ink multiplies white
     * by its own sRGB colour ({@code inks}: cyan, magenta, yellow, black, each r, g, b in 0..1). So full cyan alone is
     * exactly {@code inks[0]}, which no fixed CMYK formula gives.
     */
    static byte[] cmykProfile(float[][] inks) {
        java.awt.color.ColorSpace srgb = java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB);
        ByteBuffer lut = ByteBuffer.allocate(12 + 36 + 4 + 4 * 2 * 2 + 16 * 3 * 2 + 3 * 2 * 2);
        lut.put(ascii("mft2")).putInt(0).put((byte) 4).put((byte) 3).put((byte) 2).put((byte) 0);
        for (int i = 0; i < 9; i++) {
            lut.putInt(i % 4 == 0 ? 0x10000 : 0); // identity matrix
        }
        lut.putShort((short) 2).putShort((short) 2); // two entries per input and output table: linear
        for (int i = 0; i < 4; i++) {
            lut.putShort((short) 0).putShort((short) 0xFFFF);
        }
        for (int corner = 0; corner < 16; corner++) { // the first input (cyan) varies slowest
            float[] rgb = {1, 1, 1};
            for (int ink = 0; ink < 4; ink++) {
                if ((corner >> (3 - ink) & 1) == 1) {
                    for (int c = 0; c < 3; c++) {
                        rgb[c] *= inks[ink][c];
                    }
                }
            }
            for (float xyz : srgb.toCIEXYZ(rgb)) { // D50-relative, as the PCS wants; u1Fixed15
                lut.putShort((short) Math.round(xyz * 32768));
            }
        }
        for (int i = 0; i < 3; i++) {
            lut.putShort((short) 0).putShort((short) 0xFFFF);
        }
        byte[] a2b0 = lut.array();
        byte[] wtpt = ByteBuffer.allocate(20).put(ascii("XYZ ")).putInt(0)
                .putInt(Math.round(0.9642f * 65536)).putInt(65536).putInt(Math.round(0.8249f * 65536)).array();
        byte[] desc = ByteBuffer.allocate(12 + 5 + 12 + 67).put(ascii("desc")).putInt(0).putInt(5).put(ascii("cmyk\0"))
                .array(); // ASCII count and text; the Unicode and ScriptCode parts left empty
        int tags = 3;
        int tableEnd = 128 + 4 + tags * 12;
        int descAt = tableEnd;
        int wtptAt = descAt + desc.length;
        int a2b0At = wtptAt + wtpt.length;
        int size = a2b0At + a2b0.length;
        ByteBuffer profile = ByteBuffer.allocate(size);
        profile.putInt(size).put(ascii("none")).putInt(0x02100000).put(ascii("scnr")).put(ascii("CMYK")).put(ascii("XYZ "));
        profile.put(new byte[12]).put(ascii("acsp")).put(new byte[4 + 4 + 4 + 4 + 8]).putInt(0);
        profile.putInt(Math.round(0.9642f * 65536)).putInt(65536).putInt(Math.round(0.8249f * 65536));
        profile.position(128);
        profile.putInt(tags);
        profile.put(ascii("desc")).putInt(descAt).putInt(desc.length);
        profile.put(ascii("wtpt")).putInt(wtptAt).putInt(wtpt.length);
        profile.put(ascii("A2B0")).putInt(a2b0At).putInt(a2b0.length);
        profile.put(desc).put(wtpt).put(a2b0);
        return profile.array();
    }

    // ---- APNG and BMP with masks ----

    /**
     * An APNG whose default image (IDAT, also frame 1) is {@code first} and whose frame 2 (fdAT) is {@code second}:
     * both RGB, same size.
     */
    static byte[] apng(Rgb8Image first, Rgb8Image second) {
        int w = first.width();
        int h = first.height();
        byte[] png = png(w, h, 8, PNG_RGB, first.pixels(), "acTL", ByteBuffer.allocate(8).putInt(2).putInt(0).array(),
                "fcTL", frameControl(0, w, h));
        int iend = png.length - 12;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, iend);
        pngChunk(out, "fcTL", frameControl(1, w, h));
        byte[] data = idatOf(second);
        pngChunk(out, "fdAT", ByteBuffer.allocate(4 + data.length).putInt(2).put(data).array());
        out.write(png, iend, 12);
        return out.toByteArray();
    }

    private static byte[] frameControl(int sequence, int w, int h) {
        return ByteBuffer.allocate(26).putInt(sequence).putInt(w).putInt(h).putInt(0).putInt(0)
                .putShort((short) 1).putShort((short) 10).put((byte) 0).put((byte) 0).array();
    }

    private static byte[] idatOf(Rgb8Image image) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        int row = image.width() * 3;
        for (int y = 0; y < image.height(); y++) {
            raw.write(0);
            raw.write(image.pixels(), y * row, row);
        }
        return deflate(raw.toByteArray());
    }

    /**
     * A 32-bit BI_BITFIELDS BMP with a BITMAPV4HEADER whose masks place blue, green, red and alpha in bytes 0..3
     * (top-down rows), as image editors write BMPs with transparency.
     */
    static byte[] bmp32WithAlphaMask(Rgb8Image image, byte[] alpha) {
        int w = image.width();
        int h = image.height();
        int headerEnd = 14 + 108;
        ByteBuffer b = ByteBuffer.allocate(headerEnd + 4 * w * h).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("BM")).putInt(headerEnd + 4 * w * h).putInt(0).putInt(headerEnd);
        b.putInt(108).putInt(w).putInt(-h).putShort((short) 1).putShort((short) 32)
                .putInt(3).putInt(4 * w * h).putInt(2835).putInt(2835).putInt(0).putInt(0);
        b.putInt(0x00FF0000).putInt(0x0000FF00).putInt(0x000000FF).putInt(0xFF000000); // R, G, B, A masks
        b.put(ascii("BGRs")).put(new byte[36 + 12]); // colour space type "sRGB", endpoints and gammas unused
        byte[] px = image.pixels();
        for (int i = 0; i < w * h; i++) {
            b.put(px[3 * i + 2]).put(px[3 * i + 1]).put(px[3 * i]).put(alpha[i]);
        }
        return b.array();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] readPhotoFile() {
        try {
            return Files.readAllBytes(PHOTO);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
