package io.fastimage.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fastimage.image.Rgb8Image;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The row-at-a-time conversions between 8-bit pixels and float planes, against their one-value rules. */
class ImageTensorsTest {

    @Test
    void roundingIsMathRoundAtEveryTieAndAroundIt() {
        for (int k = 0; k < 255; k++) {
            float near = (k + 0.5f) / 255f;
            float v = near;
            for (int step = 0; step < 64; step++) {
                v = Math.nextDown(v);
            }
            for (int step = 0; step < 128; step++, v = Math.nextUp(v)) {
                float scaled = v * 255f;
                assertThat(OutputQuantization.ROUND.quantize(v)).as("%s", v).isEqualTo(Math.round(scaled));
                assertThat(OutputQuantization.TRUNCATE.quantize(v)).as("%s", v).isEqualTo((int) scaled);
            }
        }
        assertThat(OutputQuantization.ROUND.quantize(0f)).isZero();
        assertThat(OutputQuantization.ROUND.quantize(1f)).isEqualTo(255);
    }

    @Test
    void rowConversionsMatchTheOneValueRules() {
        Random random = new Random(7);
        int width = 37;
        byte[] rgb = new byte[3 * width * 2];
        random.nextBytes(rgb);
        for (ChannelOrder order : ChannelOrder.values()) {
            float[][] planes = new float[3][width];
            ImageTensors.toPlanes(rgb, width, width, order, planes);
            for (int i = 0; i < width; i++) {
                for (int c = 0; c < 3; c++) {
                    assertThat(planes[ImageTensors.plane(c, order)][i])
                            .isEqualTo(ImageTensors.toFloat(rgb[3 * (width + i) + c] & 0xff));
                }
            }
            float[] values = new float[3 * width];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextFloat() * 1.4f - 0.2f;
            }
            Rgb8Image image = ImageTensors.toImage(values, width, 1, order, OutputQuantization.ROUND);
            for (int i = 0; i < width; i++) {
                for (int c = 0; c < 3; c++) {
                    assertThat(image.pixels()[3 * i + c]).isEqualTo(
                            ImageTensors.toByte(values[ImageTensors.plane(c, order) * width + i], OutputQuantization.ROUND));
                }
            }
        }
    }

    @Test
    void aNanAnywhereInARowIsRefused() {
        float[] values = {0.5f, Float.NaN, 0.25f};
        assertThatThrownBy(() -> ImageTensors.toBytes(values, 0, 3, new byte[9], 0, 3, OutputQuantization.ROUND))
                .isInstanceOf(IllegalStateException.class).hasMessage(ImageTensors.NAN_OUTPUT);
    }
}
