package io.fastimage.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.fastimage.image.Rgb8Image;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ImitationLimitsTest {

    private static final Rgb8Image IMAGE = randomImage(120, 90);

    private static Rgb8Image randomImage(int width, int height) {
        byte[] pixels = new byte[3 * width * height];
        Random random = new Random(7);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) random.nextInt(200);
        }
        return new Rgb8Image(width, height, pixels);
    }

    /** Applies {@code f(value, x)} to every byte of the image. */
    private static UnaryOperator<Rgb8Image> perPixel(java.util.function.IntBinaryOperator f) {
        return image -> {
            byte[] out = image.pixels().clone();
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) f.applyAsInt(out[i] & 0xFF, (i / 3) % image.width());
            }
            return new Rgb8Image(image.width(), image.height(), out);
        };
    }

    @Test
    void aPointwiseOperatorHasNoLimit() {
        UnaryOperator<Rgb8Image> invert = perPixel((v, x) -> 255 - v);
        assertThat(ImitationLimits.shiftPsnr(invert, IMAGE, 5, 3)).isInfinite();
        assertThat(ImitationLimits.windowPsnr(invert, IMAGE, 20, 4, 41)).isInfinite();
    }

    @Test
    void aPatternAnchoredToColumnsIsSeenByTheShift() {
        // +40 on odd columns: a shift by one column moves every pixel onto the other phase, 10 log10(255² / 40²).
        UnaryOperator<Rgb8Image> stripes = perPixel((v, x) -> v + (x % 2) * 40);
        assertThat(ImitationLimits.shiftPsnr(stripes, IMAGE, 1, 0)).isCloseTo(16.09, offset(0.01));
        assertThat(ImitationLimits.shiftPsnr(stripes, IMAGE, 2, 0)).isInfinite();
    }

    @Test
    void anOperatorOfTheWholeImageIsSeenByTheWindows() {
        UnaryOperator<Rgb8Image> mean = image -> {
            long sum = 0;
            for (byte b : image.pixels()) {
                sum += b & 0xFF;
            }
            int m = (int) (sum / image.pixels().length);
            return perPixel((v, x) -> m).apply(image);
        };
        Rgb8Image ramp = perPixel((v, x) -> 2 * x).apply(IMAGE);
        // Each window's mean is its centre column's value; the whole image's mean is the middle one's.
        assertThat(ImitationLimits.windowPsnr(mean, ramp, 10, 2, 21)).isLessThan(20);
        assertThat(ImitationLimits.windowPsnr(mean, IMAGE, 10, 2, 21)).isGreaterThan(30);
    }

    @Test
    void measureGivesAllScoresFromOneWholeImageRun() {
        UnaryOperator<Rgb8Image> stripes = perPixel((v, x) -> v + (x % 2) * 40);
        int[] runs = {0};
        UnaryOperator<Rgb8Image> counted = image -> {
            runs[0]++;
            return stripes.apply(image);
        };
        // An odd radius: mirrored by it, the stripes change phase, so the border score is finite and names its margin.
        ImitationLimits.Scores scores = ImitationLimits.measure(counted, IMAGE, 1, 21, 4, 43);
        assertThat(scores.shiftPsnr()).isEqualTo(ImitationLimits.shiftPsnr(stripes, IMAGE, 1, 21));
        assertThat(scores.windowPsnr()).isEqualTo(ImitationLimits.windowPsnr(stripes, IMAGE, 21, 4, 43));
        assertThat(scores.mirroredBorderPsnr()).isEqualTo(ImitationLimits.mirroredBorderPsnr(stripes, IMAGE, 21))
                .isCloseTo(16.09, offset(0.01));
        assertThat(scores.mirroredInteriorPsnr()).isCloseTo(16.09, offset(0.01));
        // whole image, shifted image, the 2 x 2 windows of 43 px that fit 120 x 90, and the mirrored image
        assertThat(runs[0]).isEqualTo(1 + 1 + 4 + 1);
    }

    @Test
    void windowsStartingAtThePatternsPeriodSeeTheContextAlone() {
        // Columns anchored to the image: +40 on every fourth column. Windows of 9 px tiling the image (step 9) start
        // at columns the pattern does not repeat at; windows every 4 px hold the pattern where the whole image has it.
        UnaryOperator<Rgb8Image> anchored = perPixel((v, x) -> v + (x % 4 == 0 ? 40 : 0));
        assertThat(ImitationLimits.windowPsnr(anchored, IMAGE, 4, 1, 9)).isLessThan(25);
        assertThat(ImitationLimits.windowPsnr(anchored, IMAGE, 4, 1, 4)).isInfinite();
    }

    /** The mean of each pixel's 3 x 3 neighbourhood, the image extended beyond its edge by {@code extend}. */
    private static UnaryOperator<Rgb8Image> boxBlur(UnaryOperator<Rgb8Image> extend) {
        return image -> {
            Rgb8Image padded = extend.apply(image);
            int w = image.width();
            byte[] out = new byte[image.pixels().length];
            for (int i = 0; i < out.length; i++) {
                int x = (i / 3) % w;
                int y = i / 3 / w;
                int sum = 0;
                for (int dy = 0; dy < 3; dy++) {
                    for (int dx = 0; dx < 3; dx++) {
                        sum += padded.pixels()[3 * ((y + dy) * (w + 2) + x + dx) + i % 3] & 0xFF;
                    }
                }
                out[i] = (byte) Math.round(sum / 9.0);
            }
            return new Rgb8Image(w, image.height(), out);
        };
    }

    @Test
    void scoresOfSeveralImagesAverageTheirErrorsNotTheirPsnrs() {
        ImitationLimits.Scores exact = new ImitationLimits.Scores(0, 0, 0, 0);
        ImitationLimits.Scores off = new ImitationLimits.Scores(2, 4, 6, 8);
        ImitationLimits.Scores mean = ImitationLimits.Scores.mean(List.of(exact, off));
        assertThat(mean).isEqualTo(new ImitationLimits.Scores(1, 2, 3, 4));
        // One image without error would make a mean of PSNRs infinite; the mean error's PSNR stays finite.
        assertThat(mean.shiftPsnr()).isCloseTo(10 * Math.log10(255.0 * 255.0), offset(1e-9));
        assertThatThrownBy(() -> ImitationLimits.Scores.mean(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMirroredBorderErrorIsNoneForAMirrorBorderedFilterAndTheZeroPaddingsForAZeroPaddedOne() {
        UnaryOperator<Rgb8Image> mirrored = boxBlur(image -> image.cropMirrored(-1, -1, image.width() + 2, image.height() + 2));
        UnaryOperator<Rgb8Image> zeroPadded = boxBlur(image -> {
            int w = image.width() + 2;
            byte[] padded = new byte[3 * w * (image.height() + 2)];
            for (int y = 0; y < image.height(); y++) {
                System.arraycopy(image.pixels(), 3 * y * image.width(), padded, 3 * ((y + 1) * w + 1), 3 * image.width());
            }
            return new Rgb8Image(w, image.height() + 2, padded);
        });
        assertThat(ImitationLimits.mirroredBorderPsnr(mirrored, IMAGE, 8)).isInfinite();
        // Zero padding darkens the outer pixel ring by a third (edges) to five ninths (corners) of its mean of ~100;
        // the value pins the 4 px band (a 1 px band gives 17.20 dB, an 8 px one 25.93).
        assertThat(ImitationLimits.mirroredBorderPsnr(zeroPadded, IMAGE, 8)).isCloseTo(23.09, offset(0.01));
    }

    @Test
    void rejectsGeometryThatLeavesNothingToCompare() {
        UnaryOperator<Rgb8Image> identity = image -> image;
        assertThatThrownBy(() -> ImitationLimits.shiftPsnr(identity, IMAGE, 60, 30))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leave nothing");
        assertThatThrownBy(() -> ImitationLimits.windowPsnr(identity, IMAGE, 50, 4, 101))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not fit");
        assertThatThrownBy(() -> ImitationLimits.measure(identity, IMAGE, 5, 50, 4, 101))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leave nothing");
        assertThatThrownBy(() -> ImitationLimits.windowPsnr(identity, IMAGE, 10, 4, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 px apart");
        assertThatThrownBy(() -> ImitationLimits.mirroredBorderPsnr(identity, IMAGE, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 px");
    }
}
