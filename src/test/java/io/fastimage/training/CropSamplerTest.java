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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Where training crops come from: photo borders often, no loss along crop edges inside the photo,
 * position-anchored planes (the pencil texture) at the crop's offset in its photo, where the target's
 * strokes were computed, and parameter and task planes from each pair's own conditions.
 */
class CropSamplerTest {

    private static final int WIDTH = 200;
    private static final int HEIGHT = 150;
    private static final int CROP = 80;

    /** A photo whose red value is the column and green value the row, so a crop tells where it was cut. */
    private static Rgb8Image positions() {
        byte[] pixels = new byte[WIDTH * HEIGHT * 3];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                pixels[(y * WIDTH + x) * 3] = (byte) x;
                pixels[(y * WIDTH + x) * 3 + 1] = (byte) y;
            }
        }
        return new Rgb8Image(WIDTH, HEIGHT, pixels);
    }

    @Test
    void cropsTouchPhotoBordersOftenAndCountNoLossAlongEdgesInsideThePhoto() {
        Rgb8Image photo = positions();
        CropSampler sampler = new CropSampler(List.of(new TrainingPair("positions", photo, photo, "l0-smoothing")), 7, false, true,
                InputPlanes.COLOUR_ONLY, 0);
        int batch = 400;
        int atLeft = 0;
        int atBottom = 0;
        int inside = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList crops = sampler.batch(manager, batch, CROP);
            assertThat(crops.get(2).getShape().getShape()).containsExactly(batch, 1, CROP, CROP);
            float[] inputs = crops.get(0).toFloatArray();
            float[] weights = crops.get(2).toFloatArray();
            int plane = CROP * CROP;
            for (int b = 0; b < batch; b++) {
                int x = Math.round(inputs[b * 3 * plane] * 255);
                int y = Math.round(inputs[b * 3 * plane + plane] * 255);
                boolean left = x == 0;
                boolean right = x + CROP == WIDTH;
                boolean top = y == 0;
                boolean bottom = y + CROP == HEIGHT;
                atLeft += left ? 1 : 0;
                atBottom += bottom ? 1 : 0;
                inside += !left && !right && !top && !bottom ? 1 : 0;
                float[] w = Arrays.copyOfRange(weights, b * plane, (b + 1) * plane);
                int m = CropSampler.CONTEXT_MARGIN;
                // Outermost column and row: counted exactly at a photo border.
                assertThat(w[CROP / 2 * CROP]).as("left edge, crop at x=%d", x).isEqualTo(left ? 1f : 0f);
                assertThat(w[CROP / 2 * CROP + CROP - 1]).as("right edge, crop at x=%d", x).isEqualTo(right ? 1f : 0f);
                assertThat(w[CROP / 2]).as("top edge, crop at y=%d", y).isEqualTo(top ? 1f : 0f);
                assertThat(w[(CROP - 1) * CROP + CROP / 2]).as("bottom edge, crop at y=%d", y).isEqualTo(bottom ? 1f : 0f);
                assertThat(w[(m - 1) * CROP + CROP / 2]).as("inside the top band, crop at y=%d", y).isEqualTo(top ? 1f : 0f);
                assertThat(w[m * CROP + m]).as("first pixel past the band").isEqualTo(1f);
                assertThat(w[CROP / 2 * CROP + CROP / 2]).isEqualTo(1f);
            }
        }
        // A quarter each at either border, plus the uniform draws that land there.
        assertThat(atLeft).isBetween(batch / 4 - 50, batch / 4 + 60);
        assertThat(atBottom).isBetween(batch / 4 - 50, batch / 4 + 60);
        assertThat(inside).as("crops away from every border still come").isGreaterThan(batch / 8);
    }

    /**
     * A network served with the photo mirrored 8 px beyond its border sees its border crops the same way: they
     * start 8 px outside the photo, the margin mirrors the photo (edge pixel repeated), and no loss is counted there.
     */
    @Test
    void borderCropsOfASymmetricallyPaddedNetworkReachIntoTheMirroredMarginWithoutLossThere() {
        Rgb8Image photo = positions();
        int padding = 8;
        CropSampler sampler = new CropSampler(List.of(new TrainingPair("positions", photo, photo, "l0-smoothing")), 3, false, true,
                InputPlanes.COLOUR_ONLY, padding);
        int batch = 200;
        int atLeft = 0;
        int atRight = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList crops = sampler.batch(manager, batch, CROP);
            float[] inputs = crops.get(0).toFloatArray();
            float[] weights = crops.get(2).toFloatArray();
            int plane = CROP * CROP;
            int row = CROP / 2 * CROP;
            for (int b = 0; b < batch; b++) {
                int[] columns = new int[CROP];
                float[] w = new float[CROP];
                for (int i = 0; i < CROP; i++) {
                    columns[i] = Math.round(inputs[b * 3 * plane + row + i] * 255);
                    w[i] = weights[b * plane + row + i];
                }
                if (columns[padding] == 0 && columns[padding - 1] == 0) {
                    atLeft++;
                    for (int i = 0; i < padding; i++) {
                        assertThat(columns[i]).as("mirrored column %d", i).isEqualTo(padding - 1 - i);
                        assertThat(w[i]).as("no loss beyond the left border").isZero();
                    }
                    assertThat(w[padding]).as("the photo's first column counts").isEqualTo(1f);
                }
                if (columns[CROP - padding - 1] == WIDTH - 1) {
                    atRight++;
                    assertThat(columns[CROP - padding]).isEqualTo(WIDTH - 1);
                    assertThat(w[CROP - padding - 1]).as("the photo's last column counts").isEqualTo(1f);
                    for (int i = CROP - padding; i < CROP; i++) {
                        assertThat(w[i]).as("no loss beyond the right border").isZero();
                    }
                }
            }
        }
        assertThat(atLeft).isBetween(batch / 4 - 30, batch / 4 + 30);
        assertThat(atRight).isBetween(batch / 4 - 30, batch / 4 + 30);
    }

    @Test
    void theWeightedErrorIgnoresWhatTheWeightsExclude() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Two pixels, three channels: the first pixel is off by 0.5 in every channel, the second exact.
            var prediction = manager.create(new float[] {0.5f, 0f, 0.5f, 0f, 0.5f, 0f}, new ai.djl.ndarray.types.Shape(1, 3, 1, 2));
            var target = manager.zeros(prediction.getShape());
            var both = manager.create(new float[] {1f, 1f}, new ai.djl.ndarray.types.Shape(1, 1, 1, 2));
            var secondOnly = manager.create(new float[] {0f, 1f}, new ai.djl.ndarray.types.Shape(1, 1, 1, 2));
            assertThat(NetworkTraining.meanSquaredError(prediction, new NDList(prediction, target)).getFloat()).isEqualTo(0.125f);
            assertThat(NetworkTraining.meanSquaredError(prediction, new NDList(prediction, target, both)).getFloat()).isEqualTo(0.125f);
            assertThat(NetworkTraining.meanSquaredError(prediction, new NDList(prediction, target, secondOnly)).getFloat()).isZero();
        }
    }

    @Test
    void aCropsTexturePlaneIsTheTextureAtTheCropsOffsetInItsPhoto() {
        Rgb8Image photo = randomImage(300, 280, 3);
        InputPlanes texture = new InputPlanes(List.of(new InputPlane.Procedural(InputPlane.Procedural.PENCIL_TEXTURE)));
        CropSampler sampler = new CropSampler(List.of(new TrainingPair("p", photo, photo, "pencil-drawing")), 11, false, false, texture, 0);
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
    @Test
    void eachCropCarriesItsOwnPairsConditionsInTheParameterAndTaskPlanes() {
        InputPlane.Parameter lambda = new InputPlane.Parameter("lambda", 0.002, 0.2, InputPlane.Scale.LOG, 0.2, 2.5, 0.01);
        InputPlanes planes = new InputPlanes(List.of(lambda, new InputPlane.Task("l0-smoothing"), new InputPlane.Task("tv-l1")));
        Rgb8Image dark = new Rgb8Image(WIDTH, HEIGHT, new byte[WIDTH * HEIGHT * 3]);
        byte[] light = new byte[WIDTH * HEIGHT * 3];
        Arrays.fill(light, (byte) 200);
        List<TrainingPair> pairs = List.of(
                new TrainingPair("dark", dark, dark, PlaneContext.whole(Map.of("lambda", 0.002), "l0-smoothing")),
                new TrainingPair("light", new Rgb8Image(WIDTH, HEIGHT, light), dark,
                        PlaneContext.whole(Map.of("lambda", 0.2), "tv-l1")));
        CropSampler sampler = new CropSampler(pairs, 5, true, false, planes, 0);
        int area = CROP * CROP;
        int seenDark = 0;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            float[] batch = sampler.batch(manager, 40, CROP).get(0).toFloatArray();
            for (int b = 0; b < 40; b++) {
                int at = b * 6 * area;
                boolean isDark = batch[at] == 0f;
                seenDark += isDark ? 1 : 0;
                float expectedLambda = (float) lambda.plane(isDark ? 0.002 : 0.2);
                assertThat(batch[at + 3 * area]).isEqualTo(expectedLambda);
                assertThat(batch[at + 4 * area + area - 1]).isEqualTo(isDark ? 1f : 0f);
                assertThat(batch[at + 5 * area + area / 2]).isEqualTo(isDark ? 0f : 1f);
            }
        }
        assertThat(seenDark).isBetween(5, 35);
    }

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
