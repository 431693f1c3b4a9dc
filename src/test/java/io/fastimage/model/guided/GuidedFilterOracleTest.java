package io.fastimage.model.guided;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fastimage.image.ImageMetrics;
import io.fastimage.image.Rgb8Image;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The oracle keeps what a local linear model of the guide on the low-resolution grid can express, and loses what the
 * guide does not hold or what changes faster than a low-resolution pixel.
 */
class GuidedFilterOracleTest {

    private static final int SIZE = 96;

    @Test
    void anOperatorLinearInThePhotoSurvivesTheLayerAtAnyCopySize() {
        Rgb8Image photo = noise(SIZE, SIZE, 5);
        // A = 1/2: with the guide and the filtering input swapped the layer would fit A = 2 and miss by far.
        Rgb8Image halved = map(photo, (x, y, v) -> v / 2 + 64);
        Rgb8Image inverted = map(photo, (x, y, v) -> 255 - v);

        for (int shortSide : new int[] {SIZE, 24}) {
            for (Rgb8Image exact : new Rgb8Image[] {halved, inverted}) {
                Rgb8Image oracle = GuidedFilterOracle.apply(photo, exact, shortSide, 1, 1e-4);
                assertThat(ImageMetrics.psnr(oracle, exact)).as("copy %d px", shortSide).isGreaterThan(40);
            }
        }
    }

    @Test
    void whatIsNotInTheGuideIsLostAndASharpChangeOfTheLinearModelBlursWithTheCopy() {
        Rgb8Image photo = noise(SIZE, SIZE, 7);
        Rgb8Image flat = map(photo, (x, y, v) -> 128);
        Rgb8Image checkerboard = map(flat, (x, y, v) -> (x + y) % 2 == 0 ? 64 : 192);
        // Inverted on the right half only: A steps from +1 to -1 in the middle of the photo.
        Rgb8Image halfInverted = map(photo, (x, y, v) -> x < SIZE / 2 ? v : 255 - v);

        // A pattern the flat guide does not hold comes out as its box mean, at full size too (12.97 dB).
        assertThat(ImageMetrics.psnr(GuidedFilterOracle.apply(flat, checkerboard, SIZE, 1, 1e-4), checkerboard))
                .isLessThan(13);
        double full = ImageMetrics.psnr(GuidedFilterOracle.apply(photo, halfInverted, SIZE, 1, 1e-4), halfInverted);
        double quarter = ImageMetrics.psnr(GuidedFilterOracle.apply(photo, halfInverted, SIZE / 4, 1, 1e-4), halfInverted);
        assertThat(full).as("full %.2f dB, quarter %.2f dB", full, quarter).isGreaterThan(quarter + 3); // measured 30.94 and 23.68
    }

    @Test
    void refusesImagesOfDifferentSizesAndParametersOutOfRange() {
        Rgb8Image photo = noise(SIZE, SIZE, 1);
        assertThatThrownBy(() -> GuidedFilterOracle.apply(photo, noise(SIZE, SIZE - 1, 1), 32, 1, 1e-4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("96x95");
        assertThatThrownBy(() -> GuidedFilterOracle.apply(photo, photo, 8, 1, 1e-4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("short side");
        assertThatThrownBy(() -> GuidedFilterOracle.apply(photo, photo, 32, 0, 1e-4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("radius");
        assertThatThrownBy(() -> GuidedFilterOracle.apply(photo, photo, 32, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epsilon");
    }

    @FunctionalInterface
    private interface PixelMap {
        int value(int x, int y, int v);
    }

    private static Rgb8Image noise(int width, int height, long seed) {
        byte[] pixels = new byte[3 * width * height];
        new Random(seed).nextBytes(pixels);
        return new Rgb8Image(width, height, pixels);
    }

    private static Rgb8Image map(Rgb8Image image, PixelMap map) {
        byte[] in = image.pixels();
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            int pixel = i / 3;
            out[i] = (byte) map.value(pixel % image.width(), pixel / image.width(), in[i] & 0xFF);
        }
        return new Rgb8Image(image.width(), image.height(), out);
    }
}
