package io.fastimage.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageMetricsTest {

    private static Rgb8Image random(int w, int h, long seed) {
        byte[] px = new byte[w * h * 3];
        new Random(seed).nextBytes(px);
        return new Rgb8Image(w, h, px);
    }

    @Test
    void identicalImagesHaveInfinitePsnrAndUnitSsim() {
        Rgb8Image a = random(20, 15, 1);
        assertThat(ImageMetrics.psnr(a, a)).isInfinite();
        assertThat(ImageMetrics.ssim(a, a)).isCloseTo(1.0, offset(1e-12));
    }

    @Test
    void psnrOfAConstantErrorOfOneLevelIs48Decibels() {
        Rgb8Image a = new Rgb8Image(4, 4, new byte[48]);
        byte[] ones = new byte[48];
        java.util.Arrays.fill(ones, (byte) 1);
        // 10 log10(255² / 1) = 48.13 dB
        assertThat(ImageMetrics.psnr(a, new Rgb8Image(4, 4, ones))).isCloseTo(48.1308, offset(1e-3));
    }

    @Test
    void ssimDropsForNoiseAndIsSymmetric() {
        Rgb8Image a = random(32, 32, 2);
        Rgb8Image b = random(32, 32, 3);
        double s = ImageMetrics.ssim(a, b);
        assertThat(s).isLessThan(0.1);
        assertThat(ImageMetrics.ssim(b, a)).isCloseTo(s, offset(1e-12));
    }

    @Test
    void ssimOfAMeanShiftMatchesTheLuminanceTerm() {
        // A constant image against the same image shifted by d: only the luminance term differs from 1.
        byte[] p = new byte[8 * 8 * 3];
        byte[] q = new byte[8 * 8 * 3];
        java.util.Arrays.fill(p, (byte) 100);
        java.util.Arrays.fill(q, (byte) 120);
        double c1 = Math.pow(0.01 * 255, 2);
        double expected = (2 * 100.0 * 120 + c1) / (100.0 * 100 + 120.0 * 120 + c1);
        assertThat(ImageMetrics.ssim(new Rgb8Image(8, 8, p), new Rgb8Image(8, 8, q))).isCloseTo(expected, offset(1e-9));
    }

    @Test
    void borderErrorRatioComparesTheOuterBandWithTheInterior() {
        Rgb8Image reference = new Rgb8Image(20, 20, new byte[1200]);
        byte[] framed = new byte[1200];
        byte[] even = new byte[1200];
        java.util.Arrays.fill(even, (byte) 2);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
                boolean band = x < 4 || y < 4 || x >= 16 || y >= 16;
                java.util.Arrays.fill(framed, 3 * (y * 20 + x), 3 * (y * 20 + x) + 3, (byte) (band ? 2 : 1));
            }
        }
        assertThat(ImageMetrics.borderErrorRatio(new Rgb8Image(20, 20, framed), reference, 4)).isCloseTo(4.0, offset(1e-12));
        assertThat(ImageMetrics.borderErrorRatio(new Rgb8Image(20, 20, even), reference, 4)).isCloseTo(1.0, offset(1e-12));
        assertThat(ImageMetrics.borderErrorRatio(reference, reference, 4)).isEqualTo(1.0);
        // 256 band pixels with error 2² and 144 interior ones with error 1².
        ImageMetrics.BandErrors errors = ImageMetrics.bandErrors(new Rgb8Image(20, 20, framed), reference, 4);
        assertThat(errors.borderShare()).isCloseTo(256 / 400.0, offset(1e-12));
        assertThat(errors.weightedMeanSquaredError(1))
                .isCloseTo(ImageMetrics.meanSquaredError(new Rgb8Image(20, 20, framed), reference), offset(1e-12));
        assertThat(errors.weightedMeanSquaredError(8)).isCloseTo((8 * 256 * 4 + 144 * 1) / (8 * 256 + 144.0), offset(1e-12));
    }
}
