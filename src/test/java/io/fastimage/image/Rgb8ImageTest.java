package io.fastimage.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Rgb8ImageTest {

    /** A 4x3 image whose red value is 10 y + x, so every pixel says where it came from. */
    private static final Rgb8Image IMAGE = numbered(4, 3);

    private static Rgb8Image numbered(int width, int height) {
        byte[] pixels = new byte[3 * width * height];
        for (int i = 0; i < width * height; i++) {
            pixels[3 * i] = (byte) (10 * (i / width) + i % width);
        }
        return new Rgb8Image(width, height, pixels);
    }

    @Test
    void cropCopiesTheRectangle() {
        Rgb8Image crop = IMAGE.crop(1, 1, 2, 2);
        assertThat(crop.width()).isEqualTo(2);
        assertThat(crop.height()).isEqualTo(2);
        assertThat(new byte[] {crop.pixels()[0], crop.pixels()[3], crop.pixels()[6], crop.pixels()[9]})
                .containsExactly(11, 12, 21, 22);
        assertThat(IMAGE.crop(0, 0, 4, 3)).isEqualTo(IMAGE);
    }

    @Test
    void cropOutsideTheImageIsRejected() {
        assertThatThrownBy(() -> IMAGE.crop(3, 0, 2, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside 4x3");
        assertThatThrownBy(() -> IMAGE.crop(-1, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IMAGE.crop(0, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMirroredCropRepeatsTheEdgePixels() {
        // Columns -2..5 of a 4-wide row are 1 0 0 1 2 3 3 2 (half-sample symmetric); rows -1..3 of 3 rows are 0 0 1 2 2.
        Rgb8Image crop = IMAGE.cropMirrored(-2, -1, 8, 5);
        int[] reds = new int[8 * 5];
        for (int i = 0; i < reds.length; i++) {
            reds[i] = crop.pixels()[3 * i];
        }
        int[] columns = {1, 0, 0, 1, 2, 3, 3, 2};
        int[] rows = {0, 0, 1, 2, 2};
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 8; x++) {
                assertThat(reds[8 * y + x]).as("(%d, %d)", x, y).isEqualTo(10 * rows[y] + columns[x]);
            }
        }
        assertThat(IMAGE.cropMirrored(1, 1, 2, 2)).isEqualTo(IMAGE.crop(1, 1, 2, 2));
    }

    @Test
    void aMirroredCropReachesFarBeyondSmallImages() {
        // More than a side beyond: the mirroring repeats with period 2n (6 for 3 rows: rows 5, 6, 7 are rows 0, 0, 1).
        Rgb8Image far = IMAGE.cropMirrored(0, 5, 1, 3);
        assertThat(new int[] {far.pixels()[0], far.pixels()[3], far.pixels()[6]}).containsExactly(0, 0, 10);
        Rgb8Image onePixel = new Rgb8Image(1, 1, new byte[] {7, 8, 9});
        assertThat(onePixel.cropMirrored(-3, -3, 7, 7).pixels()).hasSize(3 * 49).containsOnly(7, 8, 9);
        assertThatThrownBy(() -> IMAGE.cropMirrored(-1, -1, 0, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aQuarterTurnClockwiseMovesTheTopLeftPixelToTheTopRight() {
        Rgb8Image turned = IMAGE.transformed(1);
        assertThat(turned.width()).isEqualTo(3);
        assertThat(turned.height()).isEqualTo(4);
        // Row 0 of the turned image is column 0 of the original read bottom-up: 20, 10, 0.
        assertThat(new byte[] {turned.pixels()[0], turned.pixels()[3], turned.pixels()[6]}).containsExactly(20, 10, 0);
        assertThat(IMAGE.transformed(4).pixels()[0]).isEqualTo((byte) 3);
    }

    @Test
    void theEightSymmetriesAreDistinctAndComposeAsTheGroupDoes() {
        java.util.Set<Rgb8Image> all = new java.util.HashSet<>();
        for (int s = 0; s < 8; s++) {
            all.add(IMAGE.transformed(s));
        }
        assertThat(all).hasSize(8);
        assertThat(IMAGE.transformed(1).transformed(1).transformed(1).transformed(1)).isEqualTo(IMAGE);
        assertThat(IMAGE.transformed(1).transformed(2)).isEqualTo(IMAGE.transformed(3));
        assertThat(IMAGE.transformed(5).transformed(5)).isEqualTo(IMAGE);
        assertThat(IMAGE.transformed(0)).isEqualTo(IMAGE);
        assertThatThrownBy(() -> IMAGE.transformed(8)).isInstanceOf(IllegalArgumentException.class);
    }
}
