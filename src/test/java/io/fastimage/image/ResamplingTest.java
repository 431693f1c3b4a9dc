package io.fastimage.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ResamplingTest {

    /** The float planes are the 8-bit shrink before its rounding: each within half a level of it, R, G, B in order. */
    @Test
    void shrinkToPlanesIsTheAreaAverageOfResizeWithoutItsRounding() {
        int width = 45;
        int height = 30;
        byte[] pixels = new byte[3 * width * height];
        new Random(11).nextBytes(pixels);
        Rgb8Image image = new Rgb8Image(width, height, pixels);

        float[] planes = Resampling.shrinkToPlanes(image, 18, 12);
        byte[] rounded = Resampling.resize(image, 18, 12).pixels();

        int n = 18 * 12;
        boolean someFraction = false;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                double level = planes[c * n + i] * 255.0;
                assertThat(level).as("pixel %d channel %d", i, c).isCloseTo(rounded[3 * i + c] & 0xFF, within(0.5001));
                someFraction |= Math.abs(level - Math.rint(level)) > 0.01;
            }
        }
        assertThat(someFraction).as("averages of 2.5 × 2.5 px keep their fractions").isTrue();
        assertThatThrownBy(() -> Resampling.shrinkToPlanes(image, 46, 12)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("45x30");
    }
}
