package io.fastimage.codec;

import io.fastimage.ConformanceKit;
import io.fastimage.image.Rgb8Image;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
final class TestFiles {

    static final Path PHOTO = ConformanceKit.PHOTO;

    private TestFiles() {
    }

    /** Every pixel different and no symmetry: R follows x, G follows y, B mixes both. */
    static Rgb8Image gradient(int width, int height) {
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
    static byte[] pngHeaderOnly(int width, int height) {
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
        int entries = orientation == 0 ? 9 : 10;
        int ifdSize = 2 + entries * 12 + 4;
        int bitsOffset = 8 + ifdSize;
        int dataOffset = bitsOffset + 6;
        ByteBuffer b = ByteBuffer.allocate(dataOffset + samples.length).order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        b.put(ascii(littleEndian ? "II" : "MM")).putShort((short) 42).putInt(8);
        b.putShort((short) entries);
        tiffEntry(b, 256, 4, 1, w);                  // ImageWidth
        tiffEntry(b, 257, 4, 1, h);                  // ImageLength
        if (channels == 3) {
            tiffEntry(b, 258, 3, 3, bitsOffset);     // BitsPerSample, three values stored out of line
        } else {
            tiffEntry(b, 258, 3, 1, bits);
        }
        tiffEntry(b, 259, 3, 1, 1);                  // Compression: none
        tiffEntry(b, 262, 3, 1, channels == 3 ? 2 : 1); // Photometric: RGB or black-is-zero
        tiffEntry(b, 273, 4, 1, dataOffset);         // StripOffsets
        if (orientation != 0) {
            tiffEntry(b, 274, 3, 1, orientation);    // Orientation
        }
        tiffEntry(b, 277, 3, 1, channels);           // SamplesPerPixel
        tiffEntry(b, 278, 4, 1, h);                  // RowsPerStrip
        tiffEntry(b, 279, 4, 1, samples.length);     // StripByteCounts
        b.putInt(0);
        b.putShort((short) bits).putShort((short) bits).putShort((short) bits);
        b.put(samples);
        return b.array();
    }

    private static void tiffEntry(ByteBuffer b, int tag, int type, int count, int value) {
        b.putShort((short) tag).putShort((short) type).putInt(count);
        if (type == 3 && count == 1) {
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
        byte[] imageChunk = java.util.Arrays.copyOfRange(simpleWebp, 12, simpleWebp.length);
        ByteBuffer vp8x = ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN);
        vp8x.put(ascii("VP8X")).putInt(10).put((byte) 0x08).put(new byte[3]);
        vp8x.put((byte) (width - 1)).put((byte) ((width - 1) >> 8)).put((byte) ((width - 1) >> 16));
        vp8x.put((byte) (height - 1)).put((byte) ((height - 1) >> 8)).put((byte) ((height - 1) >> 16));
        int exifPadded = exif.length + (exif.length & 1);
        ByteBuffer exifChunk = ByteBuffer.allocate(8 + exifPadded).order(ByteOrder.LITTLE_ENDIAN);
        exifChunk.put(ascii("EXIF")).putInt(exif.length).put(exif);
        int riffSize = 4 + vp8x.capacity() + imageChunk.length + exifChunk.capacity();
        ByteBuffer out = ByteBuffer.allocate(8 + riffSize).order(ByteOrder.LITTLE_ENDIAN);
        out.put(ascii("RIFF")).putInt(riffSize).put(ascii("WEBP"));
        out.put(vp8x.array()).put(imageChunk).put(exifChunk.array());
        return out.array();
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
