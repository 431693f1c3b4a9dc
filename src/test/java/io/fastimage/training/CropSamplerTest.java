package io.fastimage.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.fastimage.image.PencilTexture;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.InputPlane;
import io.fastimage.model.InputPlanes;
import io.fastimage.model.PlaneContext;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A crop's position-anchored plane is the texture at the crop's offset in its photo, where the target's
 * strokes were computed, not the texture from the crop's own corner.
 */
class CropSamplerTest {

    private static final int CROP = 48;

    @Test
    void aCropsTexturePlaneIsTheTextureAtTheCropsOffsetInItsPhoto() {
        Rgb8Image photo = randomImage(300, 280, 3);
        InputPlanes texture = new InputPlanes(List.of(new InputPlane.Procedural(InputPlane.Procedural.PENCIL_TEXTURE)));
        CropSampler sampler = new CropSampler(List.of(new TrainingPair("p", photo, photo)), 11, false, texture,
                PlaneContext.whole(Map.of(), "pencil-drawing"));
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            for (int round = 0; round < 5; round++) {
                NDList batch = sampler.batch(manager, 1, CROP);
                assertThat(batch.get(0).getShape().get(1)).isEqualTo(4);
                float[] planes = batch.get(0).toFloatArray();
                int[] offset = locate(photo, planes);
                int area = CROP * CROP;
                for (int y = 0; y < CROP; y++) {
                    for (int x = 0; x < CROP; x++) {
                        assertThat(planes[3 * area + y * CROP + x])
                                .isEqualTo((float) PencilTexture.at(offset[0] + x, offset[1] + y));
                    }
                }
            }
        }
    }

    /** Where in {@code photo} the crop's red plane was cut (random pixels make the position unique). */
    private static int[] locate(Rgb8Image photo, float[] planes) {
        for (int y = 0; y + CROP <= photo.height(); y++) {
            for (int x = 0; x + CROP <= photo.width(); x++) {
                boolean match = true;
                for (int j = 0; j < 4 && match; j++) {
                    for (int i = 0; i < 4 && match; i++) {
                        float red = (photo.pixels()[3 * ((y + j) * photo.width() + x + i)] & 0xff) / 255f;
                        match = red == planes[j * CROP + i];
                    }
                }
                if (match) {
                    return new int[] {x, y};
                }
            }
        }
        throw new AssertionError("crop not found in the photo");
    }

    private static Rgb8Image randomImage(int width, int height, long seed) {
        byte[] pixels = new byte[3 * width * height];
        new Random(seed).nextBytes(pixels);
        return new Rgb8Image(width, height, pixels);
    }
}
