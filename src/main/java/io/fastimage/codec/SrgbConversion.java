package io.fastimage.codec;

import io.fastimage.image.Rgb8Image;
import java.awt.Point;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.color.ProfileDataException;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.ByteBuffer;

/**
 * Brings decoded 8-bit pixels into sRGB, the space the operators and networks assume, with the JDK's colour
 * management (LittleCMS behind {@link ColorConvertOp}, relative colorimetric). Embedded RGB and grey profiles are
 * applied as they are; PNG {@code gAMA}/{@code cHRM} become a matrix/TRC profile derived from the JDK's own sRGB
 * profile with those primaries and that curve. A profile the CMM refuses, or one of a colour space that does not
 * match the pixels (a CMYK profile on RGB samples), is ignored: the pixels are taken as sRGB, as browsers do.
 * Alpha is straight, so it is unaffected. Stateless and thread-safe.
 */
final class SrgbConversion {

    private static final ColorSpace SRGB = ColorSpace.getInstance(ColorSpace.CS_sRGB);
    private static final int LEVELS = 256;
    /** Cube used to recognise a profile that is sRGB under another name: 6 levels per channel. */
    private static final int PROBE_STEPS = 6;
    /** Within one level everywhere on the probe cube: converting would only add rounding noise. */
    private static final int IDENTITY_TOLERANCE = 1;
    /**
     * With sRGB primaries (or none given), gAMA values within this distance of 45455 (1/2.2) are taken as sRGB
     * itself, which they approximate and which most writers mean by them (many write 45455 next to sRGB pixels).
     * With other primaries the curve is taken literally.
     */
    private static final long SRGB_GAMMA = 45_455;
    private static final long SRGB_GAMMA_TOLERANCE = 1_000;
    /** sRGB primaries and D65 white in cHRM units (× 100000): white, red, green, blue. */
    private static final long[] SRGB_CHROMATICITIES = {31_270, 32_900, 64_000, 33_000, 30_000, 60_000, 15_000, 6_000};
    private static final long CHROMATICITY_TOLERANCE = 100;
    private static final double PNG_UNIT = 100_000.0;

    private SrgbConversion() {
    }

    /**
     * {@code image} in sRGB.
     *
     * @param grey   whether the stored samples were greyscale (all three channels equal); grey stays exactly grey
     * @param colour what the file declares
     * @return {@code image} itself when nothing needs converting, else a new image of the same size
     */
    static Rgb8Image toSrgb(Rgb8Image image, boolean grey, SourceColour colour) {
        ICC_Profile profile = profileOf(colour, grey);
        if (profile == null) {
            return image;
        }
        ColorSpace source;
        try {
            source = new ICC_ColorSpace(profile);
        } catch (IllegalArgumentException | ProfileDataException unusable) {
            return image;
        }
        try {
            if (profile.getColorSpaceType() == ColorSpace.TYPE_GRAY && grey) {
                return mapGrey(image, greyCurve(source));
            }
            if (profile.getColorSpaceType() == ColorSpace.TYPE_RGB) {
                return isIdentity(source) ? image : convert(image, source);
            }
        } catch (RuntimeException cmmRefused) {
            // LittleCMS checks a profile only when a transform is built from it ("invalid profile data" and the like).
            return image;
        }
        return image;
    }

    /** The profile the pixels are in, or null for sRGB (untagged, {@code sRGB} chunk, or a gAMA/cHRM that is sRGB's). */
    private static ICC_Profile profileOf(SourceColour colour, boolean grey) {
        if (colour.untagged()) {
            return null;
        }
        if (colour.iccProfile() != null) {
            try {
                return ICC_Profile.getInstance(colour.iccProfile());
            } catch (IllegalArgumentException corrupt) {
                return null;
            }
        }
        long gamma = colour.pngGamma();
        long[] chromaticities = colour.chromaticities();
        boolean srgbPrimaries = grey || chromaticities == null || near(chromaticities, SRGB_CHROMATICITIES);
        if (srgbPrimaries && (gamma == 0 || Math.abs(gamma - SRGB_GAMMA) <= SRGB_GAMMA_TOLERANCE)) {
            return null;
        }
        ICC_Profile derived = ICC_Profile.getInstance(ICC_Profile.getInstance(grey ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB).getData());
        if (gamma != 0) {
            byte[] curve = gammaCurve(PNG_UNIT / gamma);
            if (grey) {
                derived.setData(ICC_Profile.icSigGrayTRCTag, curve);
            } else {
                derived.setData(ICC_Profile.icSigRedTRCTag, curve);
                derived.setData(ICC_Profile.icSigGreenTRCTag, curve);
                derived.setData(ICC_Profile.icSigBlueTRCTag, curve);
            }
        } else if (grey) {
            return null; // the JDK's grey profile is linear; grey without gAMA is sRGB-encoded
        }
        if (!srgbPrimaries) {
            double[][] colorants = PngChromaticities.colorantsD50(chromaticities);
            if (colorants == null) {
                return null;
            }
            derived.setData(ICC_Profile.icSigRedColorantTag, xyzTag(colorants[0]));
            derived.setData(ICC_Profile.icSigGreenColorantTag, xyzTag(colorants[1]));
            derived.setData(ICC_Profile.icSigBlueColorantTag, xyzTag(colorants[2]));
        }
        return derived;
    }

    private static boolean near(long[] values, long[] reference) {
        for (int i = 0; i < reference.length; i++) {
            if (Math.abs(values[i] - reference[i]) > CHROMATICITY_TOLERANCE) {
                return false;
            }
        }
        return true;
    }

    /** ICC {@code curv} with one entry: a pure power law, the exponent as u8Fixed8 (ICC.1 10.5). */
    private static byte[] gammaCurve(double exponent) {
        int fixed = (int) Math.max(1, Math.min(0xFFFF, Math.round(exponent * 256)));
        return ByteBuffer.allocate(14).put("curv".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(0)
                .putInt(1).putShort((short) fixed).array();
    }

    /** ICC {@code XYZ } with one s15Fixed16 triple (ICC.1 10.27). */
    private static byte[] xyzTag(double[] xyz) {
        ByteBuffer tag = ByteBuffer.allocate(20).put("XYZ ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(0);
        for (double v : xyz) {
            tag.putInt((int) Math.round(v * 65536));
        }
        return tag.array();
    }

    /** The 256 sRGB levels that the 256 grey levels of {@code source} map to. */
    private static byte[] greyCurve(ColorSpace source) {
        byte[] ramp = new byte[LEVELS];
        for (int i = 0; i < LEVELS; i++) {
            ramp[i] = (byte) i;
        }
        byte[] rgb = convertSamples(ramp, LEVELS, 1, source);
        byte[] curve = new byte[LEVELS];
        for (int i = 0; i < LEVELS; i++) {
            // R, G and B of a neutral are equal up to the CMM's rounding; green carries most of the luminance.
            curve[i] = rgb[3 * i + 1];
        }
        return curve;
    }

    private static Rgb8Image mapGrey(Rgb8Image image, byte[] curve) {
        byte[] px = image.pixels();
        byte[] out = new byte[px.length];
        for (int i = 0; i < px.length; i++) {
            out[i] = curve[px[i] & 0xFF];
        }
        return new Rgb8Image(image.width(), image.height(), out);
    }

    private static boolean isIdentity(ColorSpace source) {
        int n = PROBE_STEPS * PROBE_STEPS * PROBE_STEPS;
        byte[] cube = new byte[3 * n];
        int i = 0;
        for (int r = 0; r < PROBE_STEPS; r++) {
            for (int g = 0; g < PROBE_STEPS; g++) {
                for (int b = 0; b < PROBE_STEPS; b++) {
                    cube[i++] = (byte) (r * 255 / (PROBE_STEPS - 1));
                    cube[i++] = (byte) (g * 255 / (PROBE_STEPS - 1));
                    cube[i++] = (byte) (b * 255 / (PROBE_STEPS - 1));
                }
            }
        }
        byte[] converted = convertSamples(cube, n, 1, source);
        for (int j = 0; j < cube.length; j++) {
            if (Math.abs((cube[j] & 0xFF) - (converted[j] & 0xFF)) > IDENTITY_TOLERANCE) {
                return false;
            }
        }
        return true;
    }

    private static Rgb8Image convert(Rgb8Image image, ColorSpace source) {
        return new Rgb8Image(image.width(), image.height(), convertSamples(image.pixels(), image.width(), image.height(), source));
    }

    /** Interleaved 8-bit samples of {@code source} (1 or 3 per pixel) to interleaved 8-bit sRGB. */
    static byte[] convertSamples(byte[] samples, int width, int height, ColorSpace source) {
        int bands = source.getNumComponents();
        byte[] out = new byte[width * height * 3];
        BufferedImage from = interleaved(samples, width, height, bands, source);
        BufferedImage to = interleaved(out, width, height, 3, SRGB);
        new ColorConvertOp(null).filter(from, to);
        return out;
    }

    /** A BufferedImage over {@code samples} (not copied), one byte per band, bands in the colour space's order. */
    static BufferedImage interleaved(byte[] samples, int width, int height, int bands, ColorSpace space) {
        int[] offsets = new int[bands];
        for (int b = 0; b < bands; b++) {
            offsets[b] = b;
        }
        WritableRaster raster = Raster.createInterleavedRaster(new DataBufferByte(samples, samples.length), width, height,
                width * bands, bands, offsets, new Point(0, 0));
        ComponentColorModel model = new ComponentColorModel(space, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        return new BufferedImage(model, raster, false, null);
    }
}
