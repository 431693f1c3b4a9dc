package io.fastimage.codec;

import static io.fastimage.codec.ImageDecoderTest.assertNear;
import static io.fastimage.codec.ImageDecoderTest.pixelAt;
import static io.fastimage.codec.ImageDecoderTest.unsigned;
import static org.assertj.core.api.Assertions.assertThat;

import io.fastimage.image.Rgb8Image;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decoder turns pictures upright by their EXIF orientation. Expectations come from the EXIF
 * specification's own wording: for each value, which side of the upright picture the stored first row and
 * the stored first column end up on.
 */
class ExifOrientationTest {

    private enum Side { TOP, BOTTOM, LEFT, RIGHT }

    /** Index = orientation; {stored row 0 is this side, stored column 0 is this side}. */
    private static final Side[][] SPEC = {
        null,
        {Side.TOP, Side.LEFT},
        {Side.TOP, Side.RIGHT},
        {Side.BOTTOM, Side.RIGHT},
        {Side.BOTTOM, Side.LEFT},
        {Side.LEFT, Side.TOP},
        {Side.RIGHT, Side.TOP},
        {Side.RIGHT, Side.BOTTOM},
        {Side.LEFT, Side.BOTTOM},
    };

    private final ImageDecoder decoder = new ImageDecoder(new DecodeLimits(1 << 24, 1 << 24));

    /** The stored W×H image as the spec says it should look upright. */
    private static byte[] upright(byte[] stored, int width, int height, int channels, int orientation) {
        Side rowSide = SPEC[orientation][0];
        Side columnSide = SPEC[orientation][1];
        boolean rowsAreColumns = rowSide == Side.LEFT || rowSide == Side.RIGHT;
        int uprightWidth = rowsAreColumns ? height : width;
        int uprightHeight = rowsAreColumns ? width : height;
        byte[] out = new byte[stored.length];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                int x;
                int y;
                if (rowsAreColumns) {
                    x = rowSide == Side.LEFT ? r : height - 1 - r;
                    y = columnSide == Side.TOP ? c : width - 1 - c;
                } else {
                    y = rowSide == Side.TOP ? r : height - 1 - r;
                    x = columnSide == Side.LEFT ? c : width - 1 - c;
                }
                System.arraycopy(stored, (r * width + c) * channels, out, (y * uprightWidth + x) * channels, channels);
            }
        }
        assertThat(uprightWidth * uprightHeight).isEqualTo(width * height);
        return out;
    }

    private static int uprightWidth(int width, int height, int orientation) {
        Side rowSide = SPEC[orientation][0];
        return rowSide == Side.LEFT || rowSide == Side.RIGHT ? height : width;
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void pngWithExifChunkIsTurnedUprightPixelForPixelTogetherWithItsAlpha(int orientation) {
        int w = 7;
        int h = 4;
        Rgb8Image stored = TestFiles.gradient(w, h);
        byte[] alpha = new byte[w * h];
        for (int i = 0; i < alpha.length; i++) {
            alpha[i] = (byte) (i * 9 + 1);
        }
        byte[] png = TestFiles.png(w, h, 8, TestFiles.PNG_RGBA, TestFiles.rgbaSamples(stored, alpha),
                "eXIf", TestFiles.exifTiff(orientation, orientation % 2 == 0));

        DecodedImage decoded = decoder.decode(png);

        assertThat(decoded.rgb().width()).isEqualTo(uprightWidth(w, h, orientation));
        assertThat(decoded.rgb().pixels()).isEqualTo(upright(stored.pixels(), w, h, 3, orientation));
        assertThat(decoded.alpha()).isEqualTo(upright(alpha, w, h, 1, orientation));
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void jpegWithExifSegmentIsTurnedUpright(int orientation) {
        // 48x32 in 16-pixel blocks: red, grey, green over blue, grey, yellow. JPEG is lossy, so compare block centres.
        int w = 48;
        int h = 32;
        int[][] blockColours = {{255, 0, 0}, {128, 128, 128}, {0, 255, 0}, {0, 0, 255}, {128, 128, 128}, {255, 255, 0}};
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] colour = blockColours[(y / 16) * 3 + x / 16];
                for (int c = 0; c < 3; c++) {
                    px[(y * w + x) * 3 + c] = (byte) colour[c];
                }
            }
        }
        Rgb8Image stored = new Rgb8Image(w, h, px);
        for (boolean littleEndian : new boolean[] {true, false}) {
            byte[] jpeg = TestFiles.withExifOrientation(TestFiles.jpeg(stored, 0.98f), orientation, littleEndian);

            Rgb8Image decoded = decoder.decode(jpeg).rgb();

            int uw = uprightWidth(w, h, orientation);
            int uh = w * h / uw;
            assertThat(decoded.width()).isEqualTo(uw);
            assertThat(decoded.height()).isEqualTo(uh);
            Rgb8Image expected = new Rgb8Image(uw, uh, upright(px, w, h, 3, orientation));
            for (int by = 8; by < uh; by += 16) {
                for (int bx = 8; bx < uw; bx += 16) {
                    int[] want = unsigned(pixelAt(expected, bx, by));
                    assertNear(unsigned(pixelAt(decoded, bx, by)), want[0], want[1], want[2]);
                }
            }
        }
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void eightBitRgbTiffOrientationTagIsHonoured(int orientation) {
        Rgb8Image stored = TestFiles.gradient(9, 5);
        for (boolean littleEndian : new boolean[] {true, false}) {
            Rgb8Image decoded = decoder.decode(TestFiles.tiffRgb(stored, littleEndian, orientation)).rgb();
            assertThat(decoded.width()).isEqualTo(uprightWidth(9, 5, orientation));
            assertThat(decoded.pixels()).isEqualTo(upright(stored.pixels(), 9, 5, 3, orientation));
        }
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void sixteenBitAndGreyTiffOrientationTagIsHonoured(int orientation) {
        // OpenCV reads these through other code paths than 8-bit RGB.
        int w = 9;
        int h = 5;
        Rgb8Image stored = TestFiles.gradient(w, h);
        byte[] wide = new byte[stored.pixels().length * 2];
        byte[] grey = new byte[w * h];
        for (int i = 0; i < stored.pixels().length; i++) {
            wide[2 * i] = stored.pixels()[i]; // big-endian v * 257: both bytes equal
            wide[2 * i + 1] = stored.pixels()[i];
        }
        for (int i = 0; i < grey.length; i++) {
            grey[i] = stored.pixels()[3 * i];
        }
        Rgb8Image sixteen = decoder.decode(TestFiles.tiff(w, h, 3, 16, wide, false, orientation)).rgb();
        assertThat(sixteen.width()).isEqualTo(uprightWidth(w, h, orientation));
        assertThat(sixteen.pixels()).isEqualTo(upright(stored.pixels(), w, h, 3, orientation));

        Rgb8Image fromGrey = decoder.decode(TestFiles.tiff(w, h, 1, 8, grey, true, orientation)).rgb();
        byte[] greyUpright = upright(grey, w, h, 1, orientation);
        for (int i = 0; i < greyUpright.length; i++) {
            assertThat(new byte[] {fromGrey.pixels()[3 * i], fromGrey.pixels()[3 * i + 1], fromGrey.pixels()[3 * i + 2]})
                    .containsOnly(greyUpright[i]);
        }
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 6, 7, 8})
    void webpWithExifChunkIsTurnedUpright(int orientation) {
        Rgb8Image stored = TestFiles.gradient(6, 3);
        byte[] lossless = new ImageEncoder().encode(stored, null, OutputFormat.WEBP, 100);
        byte[] webp = TestFiles.webpWithExif(lossless, 6, 3, TestFiles.exifTiff(orientation, true));
        Rgb8Image decoded = decoder.decode(webp).rgb();
        assertThat(decoded.pixels()).isEqualTo(upright(stored.pixels(), 6, 3, 3, orientation));
    }

    @ParameterizedTest(name = "orientation value {0}")
    @ValueSource(ints = {0, 9, 255, 65535})
    void anOrientationOutsideOneToEightLeavesThePictureAsStored(int value) {
        Rgb8Image stored = TestFiles.gradient(7, 4);
        byte[] png = TestFiles.png(7, 4, 8, TestFiles.PNG_RGB, stored.pixels(), "eXIf", TestFiles.exifTiff(value, true));
        assertThat(decoder.decode(png).rgb()).isEqualTo(stored);
    }

    @org.junit.jupiter.api.Test
    void aCorruptExifBlockIsIgnoredAndThePictureStillDecodes() {
        Rgb8Image stored = TestFiles.gradient(7, 4);
        byte[] exif = TestFiles.exifTiff(6, true);
        byte[] corrupt = Arrays.copyOf(exif, 11); // IFD cut off in its first entry
        byte[] jpeg = TestFiles.jpeg(stored, 0.9f);
        byte[] withCorrupt = TestFiles.withExifOrientation(jpeg, 6, true);
        // Point the IFD offset far beyond the segment.
        withCorrupt[2 + 4 + 6 + 4] = 0x7F;
        assertThat(decoder.decode(withCorrupt).rgb().width()).isEqualTo(7);
        byte[] png = TestFiles.png(7, 4, 8, TestFiles.PNG_RGB, stored.pixels(), "eXIf", corrupt);
        assertThat(decoder.decode(png).rgb()).isEqualTo(stored);
    }
}
