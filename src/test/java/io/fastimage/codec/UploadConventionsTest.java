package io.fastimage.codec;

import static io.fastimage.codec.ImageDecoderTest.assertRejected;
import static io.fastimage.codec.ImageDecoderTest.meanAbsoluteError;
import static io.fastimage.codec.ImageDecoderTest.unsigned;
import static org.assertj.core.api.Assertions.assertThat;

import io.fastimage.codec.ImageRejectedException.Reason;
import io.fastimage.image.Rgb8Image;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;

/**
 * What users upload and image services have broken on (issue 20, files in ../shared/cases): embedded colour
 * profiles in every format that carries one, every alpha convention, multi-frame files, and very long sides.
 * Each right answer is computed independently of the decoder: from the pixels a file was built from, the JDK's
 * own colour management, or the file's raw samples.
 */
class UploadConventionsTest {

    private final ImageDecoder decoder = new ImageDecoder(new DecodeLimits(50L << 20, 50_000_000));
    private static final byte[] ADOBE_RGB_JPEG = TestFiles.caseFile("adobergb_icc.jpg");
    private static final byte[] ADOBE_RGB_PROFILE = TestFiles.jpegIccProfile(ADOBE_RGB_JPEG);
    private static final ICC_Profile ADOBE_RGB = ICC_Profile.getInstance(ADOBE_RGB_PROFILE);

    // ---- colour profiles ----

    @Test
    void adobeRgbJpegIsConvertedWithItsProfileAndMatchesTheSrgbReference() {
        Rgb8Image reference = decoder.decode(TestFiles.caseFile("srgb_reference.png")).rgb();
        Rgb8Image converted = decoder.decode(ADOBE_RGB_JPEG).rgb();
        Rgb8Image readAsSrgb = decoder.decode(TestFiles.withoutIccProfile(ADOBE_RGB_JPEG)).rgb();
        double withProfile = meanAbsoluteError(converted, reference);
        double withoutProfile = meanAbsoluteError(readAsSrgb, reference);
        System.out.printf("adobergb_icc.jpg vs srgb_reference.png: mean error %.2f with the profile, %.2f read as sRGB%n",
                withProfile, withoutProfile);
        assertThat(withProfile).isLessThan(2.0);
        assertThat(withoutProfile).isGreaterThan(3 * withProfile);
    }

    @Test
    void aJpegProfileSplitOverManyApp2SegmentsIsReassembledInOrder() {
        byte[] untagged = TestFiles.withoutIccProfile(ADOBE_RGB_JPEG);
        byte[] split = TestFiles.withIccProfile(untagged, ADOBE_RGB_PROFILE, 97);
        assertThat(decoder.decode(split)).isEqualTo(decoder.decode(ADOBE_RGB_JPEG));
    }

    @Test
    void pngWebpAndTiffWithAnEmbeddedAdobeRgbProfileDecodeToTheSrgbTheyWereMadeFrom() {
        Rgb8Image photo = TestFiles.photo(64, 48);
        Rgb8Image adobe = TestFiles.fromSrgb(photo, ADOBE_RGB);
        assertThat(meanAbsoluteError(adobe, photo)).as("Adobe RGB numbers differ from sRGB ones").isGreaterThan(4);
        byte[] png = TestFiles.png(64, 48, 8, TestFiles.PNG_RGB, adobe.pixels(), "iCCP", TestFiles.iccpChunk(ADOBE_RGB_PROFILE));
        byte[] webp = TestFiles.webpWithIcc(new ImageEncoder().encode(adobe, null, OutputFormat.WEBP, 100), 64, 48,
                ADOBE_RGB_PROFILE);
        byte[] tiff = TestFiles.tiff(64, 48, 3, 8, adobe.pixels(), true, 0, -1, ADOBE_RGB_PROFILE);
        for (byte[] file : new byte[][] {png, webp, tiff}) {
            DecodedImage decoded = decoder.decode(file);
            // Two 8-bit roundings (to Adobe RGB and back) stay within a level or two.
            assertThat(meanAbsoluteError(decoded.rgb(), photo)).as(decoded.format().name()).isLessThan(1.0);
        }
    }

    @Test
    void aGreyProfileKeepsGreyExactlyGreyAndAppliesItsCurve() {
        // The JDK's grey profile is linear light: grey 128 is sRGB 188.
        byte[] grey = {0, 64, (byte) 128, (byte) 255};
        byte[] png = TestFiles.png(4, 1, 8, TestFiles.PNG_GREY, grey, "iCCP",
                TestFiles.iccpChunk(ICC_Profile.getInstance(ColorSpace.CS_GRAY).getData()));
        assertGreyLevels(decoder.decode(png).rgb(), 0, 137, 188, 255);
    }

    @Test
    void pngGammaIsHonouredWhenNoProfileIsGivenAndSrgbOverridesIt() {
        byte[] grey = {0, 64, (byte) 128, (byte) 255};
        byte[] linear = ByteBuffer.allocate(4).putInt(100_000).array();
        assertGreyLevels(decoder.decode(TestFiles.png(4, 1, 8, TestFiles.PNG_GREY, grey, "gAMA", linear)).rgb(), 0, 137, 188, 255);
        byte[] rgb = {0, 64, (byte) 128, (byte) 255, 64, 0};
        Rgb8Image linearRgb = decoder.decode(TestFiles.png(2, 1, 8, TestFiles.PNG_RGB, rgb, "gAMA", linear)).rgb();
        assertThat(unsigned(linearRgb.pixels())).containsExactly(0, 137, 188, 255, 137, 0);
        // sRGB takes precedence over gAMA; 1/2.2 (what many writers put next to sRGB pixels) is read as sRGB.
        assertThat(decoder.decode(TestFiles.png(2, 1, 8, TestFiles.PNG_RGB, rgb, "sRGB", new byte[1], "gAMA", linear))
                .rgb().pixels()).isEqualTo(rgb);
        byte[] approx = ByteBuffer.allocate(4).putInt(45_455).array();
        assertThat(decoder.decode(TestFiles.png(2, 1, 8, TestFiles.PNG_RGB, rgb, "gAMA", approx)).rgb().pixels()).isEqualTo(rgb);
    }

    @Test
    void pngChromaticitiesOfAdobeRgbConvertLikeItsProfile() {
        Rgb8Image photo = TestFiles.photo(64, 48);
        Rgb8Image adobe = TestFiles.fromSrgb(photo, ADOBE_RGB);
        // Adobe RGB (1998): D65 white, its primaries, and gamma 563/256 (encoding exponent 0.4547, gAMA 45471).
        byte[] chrm = ByteBuffer.allocate(32).putInt(31_270).putInt(32_900).putInt(64_000).putInt(33_000)
                .putInt(21_000).putInt(71_000).putInt(15_000).putInt(6_000).array();
        byte[] gama = ByteBuffer.allocate(4).putInt(45_471).array();
        byte[] png = TestFiles.png(64, 48, 8, TestFiles.PNG_RGB, adobe.pixels(), "cHRM", chrm, "gAMA", gama);
        double error = meanAbsoluteError(decoder.decode(png).rgb(), photo);
        System.out.printf("PNG cHRM/gAMA of Adobe RGB vs the sRGB original: mean error %.2f%n", error);
        assertThat(error).isLessThan(1.0);
    }

    @Test
    void aBrokenProfileIsIgnoredAndThePixelsAreTakenAsSrgb() {
        Rgb8Image image = TestFiles.gradient(8, 8);
        byte[] garbage = new byte[300];
        new java.util.Random(3).nextBytes(garbage);
        byte[] png = TestFiles.png(8, 8, 8, TestFiles.PNG_RGB, image.pixels(), "iCCP", TestFiles.iccpChunk(garbage));
        assertThat(decoder.decode(png).rgb()).isEqualTo(image);
        byte[] notZlib = TestFiles.png(8, 8, 8, TestFiles.PNG_RGB, image.pixels(), "iCCP", TestFiles.ascii("name\0\0not zlib"));
        assertThat(decoder.decode(notZlib).rgb()).isEqualTo(image);
    }

    @Test
    void anEmbeddedSrgbProfileChangesNothing() {
        Rgb8Image image = TestFiles.photo(32, 24);
        byte[] png = TestFiles.png(32, 24, 8, TestFiles.PNG_RGB, image.pixels(), "iCCP",
                TestFiles.iccpChunk(ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData()));
        assertThat(decoder.decode(png).rgb()).isEqualTo(image);
    }

    private static final float[][] INKS = {{0.1f, 0.6f, 0.9f}, {0.9f, 0.2f, 0.6f}, {1f, 0.9f, 0.1f}, {0.15f, 0.15f, 0.15f}};
    /** What {@link #INKS} make of the four blocks of {@link #inkBlocks}: cyan, black, no ink, cyan + yellow. */
    private static final int[][] INK_BLOCK_COLOURS = {{26, 153, 230}, {38, 38, 38}, {255, 255, 255}, {26, 138, 23}};

    @Test
    void cmykJpegWithAProfileIsConvertedThroughItsProfile() {
        byte[] untagged = TestFiles.cmykJpeg(inkBlocks());
        assertInkBlocks(decoder.decode(TestFiles.withIccProfile(untagged, TestFiles.cmykProfile(INKS), 60_000)).rgb());
        // Without the profile the fixed formula answers: full cyan is (0, 255, 255).
        ImageDecoderTest.assertNear(unsigned(ImageDecoderTest.pixelAt(decoder.decode(untagged).rgb(), 4, 4)), 0, 255, 255);
    }

    @Test
    void ycckJpegWithAProfileIsConvertedThroughItsProfile() {
        byte[] profile = TestFiles.cmykProfile(INKS);
        byte[] ycck = TestFiles.ycckJpeg(inkBlocks(), new java.awt.color.ICC_ColorSpace(ICC_Profile.getInstance(profile)));
        byte[] untagged = TestFiles.withoutIccProfile(ycck);
        assertInkBlocks(decoder.decode(TestFiles.withIccProfile(untagged, profile, 60_000)).rgb());
        // The file is real YCCK: libjpeg's own conversion, without the profile, gives the formula's cyan.
        ImageDecoderTest.assertNear(unsigned(ImageDecoderTest.pixelAt(decoder.decode(untagged).rgb(), 4, 4)), 0, 255, 255);
    }

    /** 32x8: four 8-pixel blocks (solid blocks survive JPEG): full cyan, full black, no ink, cyan + yellow. */
    private static java.awt.image.WritableRaster inkBlocks() {
        java.awt.image.WritableRaster cmyk = Raster.createBandedRaster(java.awt.image.DataBuffer.TYPE_BYTE, 32, 8, 4, null);
        int[][] inksOfBlock = {{255, 0, 0, 0}, {0, 0, 0, 255}, {0, 0, 0, 0}, {255, 0, 255, 0}};
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 32; x++) {
                int[] ink = inksOfBlock[x / 8];
                // Stored inverted, as Adobe writes CMYK and as the service reads every CMYK JPEG (255 = no ink).
                cmyk.setPixel(x, y, new int[] {255 - ink[0], 255 - ink[1], 255 - ink[2], 255 - ink[3]});
            }
        }
        return cmyk;
    }

    private static void assertInkBlocks(Rgb8Image converted) {
        for (int block = 0; block < 4; block++) {
            ImageDecoderTest.assertNear(unsigned(ImageDecoderTest.pixelAt(converted, block * 8 + 4, 4)),
                    INK_BLOCK_COLOURS[block][0], INK_BLOCK_COLOURS[block][1], INK_BLOCK_COLOURS[block][2]);
        }
    }

    private static void assertGreyLevels(Rgb8Image image, int... levels) {
        int[] px = unsigned(image.pixels());
        for (int i = 0; i < levels.length; i++) {
            assertThat(px[3 * i]).as("grey %d", i).isCloseTo(levels[i], org.assertj.core.data.Offset.offset(1));
            assertThat(px[3 * i + 1]).isEqualTo(px[3 * i]);
            assertThat(px[3 * i + 2]).isEqualTo(px[3 * i]);
        }
    }

    // ---- alpha: one straight representation from every convention ----

    @Test
    void greyPngWithTrnsKeepsItsTransparency() {
        DecodedImage decoded = decoder.decode(TestFiles.caseFile("grey_trns.png"));
        int width = decoded.rgb().width();
        assertThat(decoded.alpha()).as("alpha plane").isNotNull();
        for (int y = 0; y < decoded.rgb().height(); y += 7) {
            for (int x = 0; x < width; x++) {
                int alpha = decoded.alpha()[y * width + x] & 0xFF;
                int grey = decoded.rgb().pixels()[3 * (y * width + x)] & 0xFF;
                assertThat(alpha).as("(%d, %d) grey %d", x, y, grey).isEqualTo(grey == 0 ? 0 : 255);
                if (x < width / 2) {
                    assertThat(alpha).as("left half (%d, %d)", x, y).isZero();
                }
            }
        }
    }

    @Test
    void greyTrnsIsComparedAtTheFilesOwnBitDepth() {
        // 1-bit: value 1 (white) transparent. 16-bit: 0x1234 transparent, 0x1235 (the same 8-bit value) opaque.
        DecodedImage oneBit = decoder.decode(TestFiles.png(8, 1, 1, TestFiles.PNG_GREY, new byte[] {(byte) 0b1010_0000},
                "tRNS", new byte[] {0, 1}));
        assertThat(unsigned(oneBit.alpha())).containsExactly(0, 255, 0, 255, 255, 255, 255, 255);
        assertThat(unsigned(oneBit.rgb().pixels())).startsWith(255, 255, 255, 0, 0, 0);
        DecodedImage wide = decoder.decode(TestFiles.png(2, 1, 16, TestFiles.PNG_GREY, new byte[] {0x12, 0x34, 0x12, 0x35},
                "tRNS", new byte[] {0x12, 0x34}));
        assertThat(unsigned(wide.alpha())).containsExactly(0, 255);
        assertThat(wide.rgb().pixels()[0]).isEqualTo(wide.rgb().pixels()[3]);
    }

    @Test
    void rgbAndPaletteTrnsBecomeAlpha() {
        byte[] rgb = {10, 20, 30, 10, 20, 31};
        DecodedImage keyed = decoder.decode(TestFiles.png(2, 1, 8, TestFiles.PNG_RGB, rgb, "tRNS", new byte[] {0, 10, 0, 20, 0, 30}));
        assertThat(unsigned(keyed.alpha())).containsExactly(0, 255);
        byte[] palette = {(byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255};
        DecodedImage indexed = decoder.decode(TestFiles.png(3, 1, 8, 3, new byte[] {0, 1, 2}, "PLTE", palette,
                "tRNS", new byte[] {0, (byte) 128}));
        assertThat(unsigned(indexed.alpha())).containsExactly(0, 128, 255);
        assertThat(unsigned(indexed.rgb().pixels())).endsWith(0, 255, 0, 0, 0, 255);
    }

    @Test
    void unassociatedAlphaTiffKeepsTheStoredColours() throws Exception {
        byte[] tiff = TestFiles.caseFile("rgba_unassociated.tif");
        DecodedImage decoded = decoder.decode(tiff);
        Raster stored = ImageIO.read(new ByteArrayInputStream(tiff)).getRaster();
        int width = stored.getWidth();
        int[] samples = stored.getPixels(0, 0, width, stored.getHeight(), (int[]) null);
        byte[] rgb = decoded.rgb().pixels();
        for (int i = 0; i < width * stored.getHeight(); i++) {
            for (int c = 0; c < 3; c++) {
                assertThat(rgb[3 * i + c] & 0xFF).as("channel %d of pixel %d", c, i).isEqualTo(samples[4 * i + c]);
            }
            assertThat(decoded.alpha()[i] & 0xFF).isEqualTo(samples[4 * i + 3]);
        }
        assertThat(decoded.alpha()[0] & 0xFF).as("alpha ramps from 0").isZero();
        assertThat(decoded.alpha()[width - 1] & 0xFF).as("to 255").isEqualTo(255);
    }

    @Test
    void straightAlphaTiffsOfEightAndSixteenBitsAreExact() {
        Rgb8Image photo = TestFiles.photo(16, 8);
        byte[] alpha = ramp(16 * 8);
        byte[] rgba = TestFiles.rgbaSamples(photo, alpha);
        DecodedImage eight = decoder.decode(TestFiles.tiff(16, 8, 4, 8, rgba, true, 0, 2, null));
        assertThat(eight.rgb()).isEqualTo(photo);
        assertThat(eight.alpha()).isEqualTo(alpha);
        byte[] wide = new byte[rgba.length * 2];
        for (int i = 0; i < rgba.length; i++) {
            wide[2 * i] = rgba[i]; // big-endian 16-bit v * 257: the same 8-bit value
            wide[2 * i + 1] = rgba[i];
        }
        DecodedImage sixteen = decoder.decode(TestFiles.tiff(16, 8, 4, 16, wide, false, 0, 2, null));
        assertThat(sixteen.rgb()).isEqualTo(photo);
        assertThat(sixteen.alpha()).isEqualTo(alpha);
    }

    @Test
    void alphaTiffIsTurnedUprightLikeAnyOther() {
        Rgb8Image photo = TestFiles.photo(12, 7);
        byte[] opaque = new byte[12 * 7];
        Arrays.fill(opaque, (byte) 255);
        for (int orientation = 2; orientation <= 8; orientation++) {
            DecodedImage plain = decoder.decode(TestFiles.tiffRgb(photo, true, orientation));
            DecodedImage withAlpha = decoder.decode(TestFiles.tiff(12, 7, 4, 8, TestFiles.rgbaSamples(photo, opaque), true,
                    orientation, 2, null));
            assertThat(withAlpha.rgb()).as("orientation %d", orientation).isEqualTo(plain.rgb());
        }
    }

    @Test
    void associatedAlphaTiffIsUnpremultiplied() {
        Rgb8Image photo = TestFiles.photo(16, 8);
        byte[] alpha = ramp(16 * 8);
        byte[] premultiplied = TestFiles.rgbaSamples(photo, alpha);
        for (int i = 0; i < alpha.length; i++) {
            for (int c = 0; c < 3; c++) {
                premultiplied[4 * i + c] = (byte) Math.round((premultiplied[4 * i + c] & 0xFF) * (alpha[i] & 0xFF) / 255.0);
            }
        }
        DecodedImage decoded = decoder.decode(TestFiles.tiff(16, 8, 4, 8, premultiplied, true, 0, 1, null));
        assertThat(decoded.alpha()).isEqualTo(alpha);
        for (int i = 0; i < alpha.length; i++) {
            int a = alpha[i] & 0xFF;
            for (int c = 0; c < 3; c++) {
                int expected = a == 0 ? 0 : photo.pixels()[3 * i + c] & 0xFF;
                // Premultiplying to 8 bits loses up to 255 / (2a) levels; dividing it out cannot bring them back.
                int tolerance = a == 0 ? 0 : (int) Math.ceil(255.0 / (2 * a)) + 1;
                assertThat(decoded.rgb().pixels()[3 * i + c] & 0xFF).as("pixel %d alpha %d", i, a)
                        .isCloseTo(expected, org.assertj.core.data.Offset.offset(tolerance));
            }
        }
    }

    @Test
    void bmpWithAnAlphaMaskKeepsItsAlpha() {
        Rgb8Image photo = TestFiles.photo(13, 7);
        byte[] alpha = ramp(13 * 7);
        DecodedImage decoded = decoder.decode(TestFiles.bmp32WithAlphaMask(photo, alpha));
        assertThat(decoded.rgb()).isEqualTo(photo);
        assertThat(decoded.alpha()).isEqualTo(alpha);
    }

    @Test
    void losslessWebpKeepsAlphaAndVisibleColours() {
        Rgb8Image photo = TestFiles.photo(16, 8);
        byte[] alpha = ramp(16 * 8);
        DecodedImage decoded = decoder.decode(new ImageEncoder().encode(photo, alpha, OutputFormat.WEBP, 100));
        assertThat(decoded.alpha()).isEqualTo(alpha);
        for (int i = 0; i < alpha.length; i++) {
            if (alpha[i] != 0) {
                assertThat(Arrays.copyOfRange(decoded.rgb().pixels(), 3 * i, 3 * i + 3))
                        .isEqualTo(Arrays.copyOfRange(photo.pixels(), 3 * i, 3 * i + 3));
            }
        }
    }

    /** Alpha 0, 2, 4, ... including 0 and 255. */
    private static byte[] ramp(int n) {
        byte[] alpha = new byte[n];
        for (int i = 0; i < n; i++) {
            alpha[i] = (byte) Math.min(255, i * 255 / (n - 1));
        }
        return alpha;
    }

    // ---- multi-frame files: the first frame ----

    @Test
    void animatedWebpFromTheCasesDecodesToItsFirstFrame() {
        byte[] animated = TestFiles.caseFile("animated.webp");
        DecodedImage decoded = decoder.decode(animated);
        assertThat(decoded.rgb().width()).isEqualTo(64);
        assertThat(decoded.rgb().height()).isEqualTo(48);
        assertThat(decoded.format()).isEqualTo(ImageFormat.WEBP);
        Rgb8Image first = decoder.decode(TestFiles.webpFrameAsStill(animated, 0)).rgb();
        Rgb8Image second = decoder.decode(TestFiles.webpFrameAsStill(animated, 1)).rgb();
        assertThat(second).as("the frames differ, so the comparison below can tell them apart").isNotEqualTo(first);
        assertThat(decoded.rgb()).isEqualTo(first);
        assertThat(decoded.alpha()).as("the first frame covers the canvas").isNull();
    }

    @Test
    void animatedWebpGivesItsFirstFrameOnItsCanvas() {
        ImageEncoder encoder = new ImageEncoder();
        Rgb8Image first = TestFiles.gradient(10, 6);
        Rgb8Image second = solid(12, 8, 200, 10, 10);
        byte[] animated = TestFiles.animatedWebp(12, 8,
                new TestFiles.WebpFrame(encoder.encode(first, null, OutputFormat.WEBP, 100), 2, 2, 10, 6),
                new TestFiles.WebpFrame(encoder.encode(second, null, OutputFormat.WEBP, 100), 0, 0, 12, 8));
        DecodedImage decoded = decoder.decode(animated);
        assertThat(decoded.rgb().width()).isEqualTo(12);
        assertThat(decoded.rgb().height()).isEqualTo(8);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 12; x++) {
                boolean inFrame = x >= 2 && y >= 2;
                assertThat(decoded.alpha()[y * 12 + x] & 0xFF).as("alpha at (%d, %d)", x, y).isEqualTo(inFrame ? 255 : 0);
                if (inFrame) {
                    assertThat(ImageDecoderTest.pixelAt(decoded.rgb(), x, y)).isEqualTo(ImageDecoderTest.pixelAt(first, x - 2, y - 2));
                }
            }
        }
    }

    @Test
    void anAnimationFrameLargerThanItsCanvasIsRefusedBeforeDecoding() {
        ImageDecoder neverDecodes = new ImageDecoder(new DecodeLimits(1 << 20, 1 << 20), bytes -> {
            throw new AssertionError("the frame reached the pixel decoder");
        });
        byte[] big = new ImageEncoder().encode(TestFiles.gradient(64, 48), null, OutputFormat.WEBP, 100);
        // The canvas (what the limits check) is 8x4; the frame claims 8x4 too but its image is 64x48.
        assertRejected(() -> neverDecodes.decode(TestFiles.animatedWebp(8, 4, new TestFiles.WebpFrame(big, 0, 0, 8, 4))),
                Reason.UNDECODABLE);
        // A frame placed partly outside its canvas.
        byte[] small = new ImageEncoder().encode(TestFiles.gradient(8, 4), null, OutputFormat.WEBP, 100);
        assertRejected(() -> neverDecodes.decode(TestFiles.animatedWebp(8, 4, new TestFiles.WebpFrame(small, 2, 0, 8, 4))),
                Reason.UNDECODABLE);
    }

    @Test
    void animatedWebpFramesWithAlphaKeepIt() {
        Rgb8Image first = TestFiles.gradient(8, 4);
        byte[] alpha = ramp(32);
        byte[] frame = new ImageEncoder().encode(first, alpha, OutputFormat.WEBP, 90); // lossy: VP8X + ALPH + VP8
        DecodedImage decoded = decoder.decode(TestFiles.animatedWebp(8, 4, new TestFiles.WebpFrame(frame, 0, 0, 8, 4)));
        assertThat(decoded.alpha()).isEqualTo(alpha);
    }

    @Test
    void apngGivesItsFirstFrame() {
        Rgb8Image first = TestFiles.gradient(9, 5);
        DecodedImage decoded = decoder.decode(TestFiles.apng(first, solid(9, 5, 0, 0, 255)));
        assertThat(decoded.rgb()).isEqualTo(first);
    }

    @Test
    void multiPageTiffGivesItsFirstPage() throws Exception {
        Rgb8Image first = TestFiles.gradient(9, 5);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.prepareWriteSequence(null);
            for (Rgb8Image page : new Rgb8Image[] {first, solid(9, 5, 0, 255, 0)}) {
                BufferedImage image = TestFiles.toBufferedImage(page);
                writer.writeToSequence(new IIOImage(image, null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        assertThat(decoder.decode(out.toByteArray()).rgb()).isEqualTo(first);
    }

    private static Rgb8Image solid(int width, int height, int r, int g, int b) {
        byte[] px = new byte[width * height * 3];
        for (int i = 0; i < px.length; i += 3) {
            px[i] = (byte) r;
            px[i + 1] = (byte) g;
            px[i + 2] = (byte) b;
        }
        return new Rgb8Image(width, height, px);
    }

    // ---- sides ----

    @Test
    void aSideLongerThanTheLimitIsRefusedFromTheHeaderWithAProblemThatNamesIt() {
        ImageRejectedException refused = assertRejected(() -> decoder.decode(TestFiles.caseFile("tall_1x1000001.png")),
                Reason.SIDE_TOO_LONG);
        assertThat(refused.getMessage()).contains("1x1000001").contains("1000000");
        assertRejected(() -> decoder.decode(TestFiles.pngHeaderOnly(1_000_001, 1)), Reason.SIDE_TOO_LONG);
    }

    @Test
    void aSideOfExactlyTheLimitDecodes() {
        byte[] tall = TestFiles.png(1, DecodeLimits.MAX_SIDE, 8, TestFiles.PNG_GREY, new byte[DecodeLimits.MAX_SIDE]);
        DecodedImage decoded = decoder.decode(tall);
        assertThat(decoded.rgb().height()).isEqualTo(DecodeLimits.MAX_SIDE);
    }
}
