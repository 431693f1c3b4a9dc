package io.fastimage.codec;

import static io.fastimage.codec.ImageDecoderTest.meanAbsoluteError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fastimage.image.Rgb8Image;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ImageEncoderTest {

    private final ImageEncoder encoder = new ImageEncoder();
    private final ImageDecoder decoder = new ImageDecoder(new DecodeLimits(1 << 24, 1 << 24));

    private static byte[] ramp(int n) {
        byte[] alpha = new byte[n];
        for (int i = 0; i < n; i++) {
            alpha[i] = (byte) (1 + i * 11 % 255); // 1..255: no fully transparent pixel
        }
        return alpha;
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void everyFormatDecodesBackToTheSameSizeAndItsOwnFormat(OutputFormat format) {
        for (int[] size : new int[][] {{1, 1}, {13, 1}, {1, 7}, {97, 61}}) {
            Rgb8Image image = TestFiles.gradient(size[0], size[1]);
            byte[] encoded = encoder.encode(image, null, format, 90);
            DecodedImage back = decoder.decode(encoded);
            assertThat(back.rgb().width()).isEqualTo(size[0]);
            assertThat(back.rgb().height()).isEqualTo(size[1]);
            assertThat(back.format().mediaType()).isEqualTo(format.mediaType());
            assertThat(ImageFormat.sniff(encoded)).map(ImageFormat::mediaType).contains(format.mediaType());
        }
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void encodingIsDeterministic(OutputFormat format) {
        Rgb8Image photo = TestFiles.photo(80, 60);
        byte[] alpha = ramp(photo.pixelCount());
        assertThat(encoder.encode(photo, alpha, format, 75)).isEqualTo(encoder.encode(photo, alpha, format, 75));
    }

    @Test
    void pngRoundTripIsExactAndReattachesAlphaUnchanged() {
        Rgb8Image photo = TestFiles.photo(64, 48);
        byte[] alpha = new byte[photo.pixelCount()];
        for (int i = 0; i < alpha.length; i++) {
            alpha[i] = (byte) (i * 37 % 256); // includes 0: colour under transparency must survive too
        }
        DecodedImage back = decoder.decode(encoder.encode(photo, alpha, OutputFormat.PNG, 1));
        assertThat(back.rgb()).isEqualTo(photo);
        assertThat(back.alpha()).isEqualTo(alpha);

        DecodedImage opaque = decoder.decode(encoder.encode(photo, null, OutputFormat.PNG, 1));
        assertThat(opaque.rgb()).isEqualTo(photo);
        assertThat(opaque.alpha()).isNull();
    }

    @Test
    void decodedRgbaPngReencodesToTheSameImage() {
        Rgb8Image photo = TestFiles.photo(40, 30);
        byte[] alpha = ramp(photo.pixelCount());
        DecodedImage first = decoder.decode(TestFiles.png(40, 30, 8, TestFiles.PNG_RGBA, TestFiles.rgbaSamples(photo, alpha)));
        DecodedImage second = decoder.decode(encoder.encode(first.rgb(), first.alpha(), OutputFormat.PNG, 100));
        assertThat(second).isEqualTo(first);
    }

    @Test
    void jpegDropsAlphaAndKeepsTheStoredColour() {
        Rgb8Image photo = TestFiles.photo(64, 48);
        byte[] transparent = new byte[photo.pixelCount()]; // all zero: fully transparent
        byte[] withAlpha = encoder.encode(photo, transparent, OutputFormat.JPEG, 95);
        assertThat(withAlpha).isEqualTo(encoder.encode(photo, null, OutputFormat.JPEG, 95));
        DecodedImage back = decoder.decode(withAlpha);
        assertThat(back.alpha()).isNull();
        assertThat(meanAbsoluteError(back.rgb(), photo)).isLessThan(5.0);
    }

    @Test
    void jpegQualityTradesSizeForFidelity() {
        Rgb8Image photo = TestFiles.photo(128, 96);
        byte[] low = encoder.encode(photo, null, OutputFormat.JPEG, 20);
        byte[] high = encoder.encode(photo, null, OutputFormat.JPEG, 95);
        assertThat(low.length).isLessThan(high.length / 2);
        assertThat(meanAbsoluteError(decoder.decode(low).rgb(), photo))
                .isGreaterThan(meanAbsoluteError(decoder.decode(high).rgb(), photo) + 1);
    }

    @Test
    void webpAtQuality100IsLosslessIncludingAlpha() {
        Rgb8Image photo = TestFiles.photo(64, 48);
        byte[] alpha = ramp(photo.pixelCount());
        DecodedImage back = decoder.decode(encoder.encode(photo, alpha, OutputFormat.WEBP, 100));
        assertThat(back.rgb()).isEqualTo(photo);
        assertThat(back.alpha()).isEqualTo(alpha);
        assertThat(decoder.decode(encoder.encode(photo, null, OutputFormat.WEBP, 100)).rgb()).isEqualTo(photo);
    }

    @Test
    void lossyWebpKeepsAlphaAndStaysCloseToTheOriginal() {
        Rgb8Image photo = TestFiles.photo(64, 48);
        byte[] alpha = ramp(photo.pixelCount());
        byte[] encoded = encoder.encode(photo, alpha, OutputFormat.WEBP, 90);
        DecodedImage back = decoder.decode(encoded);
        assertThat(back.alpha()).isNotNull();
        int worstAlpha = 0;
        for (int i = 0; i < alpha.length; i++) {
            worstAlpha = Math.max(worstAlpha, Math.abs((alpha[i] & 0xFF) - (back.alpha()[i] & 0xFF)));
        }
        assertThat(worstAlpha).isLessThanOrEqualTo(2);
        assertThat(meanAbsoluteError(back.rgb(), photo)).isBetween(0.01, 6.0); // lossy, but close
        assertThat(encoded.length).isLessThan(encoder.encode(photo, alpha, OutputFormat.WEBP, 100).length);
    }

    @Test
    void lossyFormatsRefuseQualityOutsideOneToHundred() {
        Rgb8Image image = TestFiles.gradient(4, 4);
        for (OutputFormat lossy : new OutputFormat[] {OutputFormat.JPEG, OutputFormat.WEBP}) {
            assertThatThrownBy(() -> encoder.encode(image, null, lossy, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> encoder.encode(image, null, lossy, 101)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(encoder.encode(image, null, OutputFormat.PNG, 0)).isNotEmpty(); // quality does not apply to PNG
    }

    @Test
    void alphaOfTheWrongLengthIsRefused() {
        Rgb8Image image = TestFiles.gradient(4, 4);
        assertThatThrownBy(() -> encoder.encode(image, new byte[15], OutputFormat.PNG, 90))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
