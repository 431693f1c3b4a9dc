package io.fastimage.operator.neural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.ChannelOrder;
import io.fastimage.model.ImageTensors;
import io.fastimage.model.OutputQuantization;
import org.junit.jupiter.api.Test;

class ImageTensorTranslatorTest {

    /** Two pixels: (10, 20, 30) and (255, 0, 128). */
    private static final Rgb8Image IMAGE = new Rgb8Image(2, 1, new byte[] {10, 20, 30, (byte) 255, 0, (byte) 128});

    @Test
    void tensorHoldsValuesOver255InTheModelsChannelOrder() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            float[] rgb = ImageTensors.toTensor(manager, IMAGE, ChannelOrder.RGB).toFloatArray();
            assertThat(rgb).containsExactly(10 / 255f, 1f, 20 / 255f, 0f, 30 / 255f, 128 / 255f);
            var bgr = ImageTensors.toTensor(manager, IMAGE, ChannelOrder.BGR);
            assertThat(bgr.getShape()).isEqualTo(new Shape(1, 3, 1, 2));
            assertThat(bgr.toFloatArray()).containsExactly(30 / 255f, 128 / 255f, 20 / 255f, 0f, 10 / 255f, 1f);
        }
    }

    @Test
    void outputIsClippedThenTruncatedOrRoundedAndReturnedAsRgb() {
        // Planes in BGR order: B = {0.5, 2.0}, G = {-0.3, 0.9999}, R = {0.1, 100/255 - 1e-6}.
        float[] planes = {0.5f, 2f, -0.3f, 0.9999f, 0.1f, 100 / 255f - 1e-6f};
        Rgb8Image truncated = ImageTensors.toImage(planes, 2, 1, ChannelOrder.BGR, OutputQuantization.TRUNCATE);
        assertThat(truncated.pixels()).containsExactly(25, 0, 127, 99, (byte) 254, (byte) 255);
        Rgb8Image rounded = ImageTensors.toImage(planes, 2, 1, ChannelOrder.BGR, OutputQuantization.ROUND);
        assertThat(rounded.pixels()).containsExactly(26, 0, (byte) 128, 100, (byte) 255, (byte) 255);
    }

    @Test
    void nanOutputFailsInsteadOfBecomingBlack() {
        float[] planes = {Float.NaN, 0, 0};
        assertThatThrownBy(() -> ImageTensors.toImage(planes, 1, 1, ChannelOrder.RGB, OutputQuantization.ROUND))
                .hasMessageContaining("NaN");
    }
}
