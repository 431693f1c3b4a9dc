package io.fastimage.codec;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageReader;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The two cases where OpenCV's decoders lose information the file holds, read with the JDK's own ImageIO
 * readers instead, which hand over the stored samples untouched:
 * <ul>
 *   <li>TIFF with an alpha channel: libtiff's RGBA interface, which OpenCV uses for 8-bit files, multiplies
 *       unassociated (straight) alpha into the colours; here straight alpha stays as stored and associated
 *       (premultiplied) alpha is divided out, so both reach the one straight-alpha representation.</li>
 *   <li>CMYK and YCCK JPEG with an embedded CMYK profile: OpenCV converts CMYK to RGB by a fixed formula; here the
 *       profile converts the inks to sRGB.</li>
 * </ul>
 * Each returns null when the JDK reader cannot handle the file, so the caller falls back to OpenCV.
 */
final class ImageIoPixels {

    private static final int MAX_8_BIT = 255;
    private static final int ADOBE_YCCK = 2;
    private static final int CMYK_BANDS = 4;

    private ImageIoPixels() {
    }

    /** A TIFF's first page as straight-alpha samples (grey+alpha or BGRA), or null. */
    static Interleaved tiffWithAlpha(byte[] bytes) {
        BufferedImage image;
        try {
            image = read(bytes, "tiff");
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
        if (image == null) {
            return null;
        }
        ColorModel model = image.getColorModel();
        if (!(model instanceof ComponentColorModel) || !model.hasAlpha()
                || (model.getNumColorComponents() != 1 && model.getNumColorComponents() != 3)
                || !isInteger(image.getRaster().getDataBuffer().getDataType())) {
            return null; // palette, CMYK+alpha or float samples: OpenCV's answer stands
        }
        return straight(image.getRaster(), model);
    }

    private static boolean isInteger(int dataType) {
        return dataType == DataBuffer.TYPE_BYTE || dataType == DataBuffer.TYPE_USHORT || dataType == DataBuffer.TYPE_INT;
    }

    /** Samples scaled to 8 bits, colours un-premultiplied where the model says they are premultiplied. */
    private static Interleaved straight(Raster raster, ColorModel model) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        int bands = raster.getNumBands();
        int colours = bands - 1;
        boolean premultiplied = model.isAlphaPremultiplied();
        double[] max = new double[bands];
        for (int b = 0; b < bands; b++) {
            max[b] = (1L << model.getComponentSize(b)) - 1;
        }
        byte[] out = new byte[width * height * bands];
        int[] row = new int[width * bands];
        for (int y = 0; y < height; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, width, 1, row);
            for (int x = 0; x < width; x++) {
                int s = x * bands;
                int d = (y * width + x) * bands;
                double alpha = row[s + colours] / max[colours];
                for (int c = 0; c < colours; c++) {
                    double value = row[s + c] / max[c];
                    if (premultiplied) {
                        value = alpha == 0 ? 0 : Math.min(1, value / alpha);
                    }
                    // OpenCV's order: BGR for colour, so channel c goes to colours - 1 - c.
                    out[d + colours - 1 - c] = (byte) Math.round(value * MAX_8_BIT);
                }
                out[d + colours] = (byte) Math.round(alpha * MAX_8_BIT);
            }
        }
        return new Interleaved(width, height, bands, out);
    }

    /**
     * A 4-component JPEG converted to sRGB through {@code cmykProfile}, as BGR samples, or null. Samples are taken
     * as Adobe writes them (inverted: 0 is full ink), the convention OpenCV and libjpeg assume for every CMYK JPEG;
     * YCCK (Adobe transform 2) is first turned back into those CMYK samples.
     */
    static Interleaved cmykJpeg(byte[] bytes, ICC_Profile cmykProfile, int adobeTransform) {
        Raster raw;
        ColorSpace cmyk;
        try {
            cmyk = new ICC_ColorSpace(cmykProfile);
            ImageReader reader = reader("jpeg");
            try (ImageInputStream stream = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
                reader.setInput(stream, true, true);
                raw = reader.readRaster(0, null); // the stored components, no colour conversion
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
        if (raw.getNumBands() != CMYK_BANDS || cmyk.getType() != ColorSpace.TYPE_CMYK) {
            return null;
        }
        int width = raw.getWidth();
        int height = raw.getHeight();
        byte[] inks = new byte[width * height * CMYK_BANDS];
        int[] row = new int[width * CMYK_BANDS];
        for (int y = 0; y < height; y++) {
            raw.getPixels(raw.getMinX(), raw.getMinY() + y, width, 1, row);
            for (int x = 0; x < width; x++) {
                int s = x * CMYK_BANDS;
                int d = (y * width + x) * CMYK_BANDS;
                if (adobeTransform == ADOBE_YCCK) {
                    // JFIF YCbCr to RGB gives the inverted C, M, Y samples, so the inks are R, G, B themselves.
                    double luma = row[s];
                    double cb = row[s + 1] - 128.0;
                    double cr = row[s + 2] - 128.0;
                    inks[d] = clamp(luma + 1.402 * cr);
                    inks[d + 1] = clamp(luma - 0.344136 * cb - 0.714136 * cr);
                    inks[d + 2] = clamp(luma + 1.772 * cb);
                } else {
                    inks[d] = (byte) (MAX_8_BIT - row[s]);
                    inks[d + 1] = (byte) (MAX_8_BIT - row[s + 1]);
                    inks[d + 2] = (byte) (MAX_8_BIT - row[s + 2]);
                }
                inks[d + 3] = (byte) (MAX_8_BIT - row[s + 3]);
            }
        }
        byte[] rgb;
        try {
            rgb = SrgbConversion.convertSamples(inks, width, height, cmyk);
        } catch (RuntimeException cmmRefused) {
            return null;
        }
        for (int i = 0; i < rgb.length; i += 3) {
            byte red = rgb[i];
            rgb[i] = rgb[i + 2];
            rgb[i + 2] = red;
        }
        return new Interleaved(width, height, 3, rgb);
    }

    private static byte clamp(double value) {
        return (byte) Math.max(0, Math.min(MAX_8_BIT, Math.round(value)));
    }

    private static BufferedImage read(byte[] bytes, String format) throws IOException {
        ImageReader reader = reader(format);
        try (ImageInputStream stream = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(stream, true, true);
            return reader.read(0);
        } finally {
            reader.dispose();
        }
    }

    private static ImageReader reader(String format) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) {
            throw new IOException("no ImageIO reader for " + format);
        }
        return readers.next();
    }
}
