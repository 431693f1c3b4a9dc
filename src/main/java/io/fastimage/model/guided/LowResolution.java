package io.fastimage.model.guided;

import io.fastimage.image.Resampling;
import io.fastimage.image.Rgb8Image;

/**
 * The low-resolution copy the guided filter network's CAN sees: the photo shrunk by area averaging (OpenCV
 * {@code INTER_AREA}, 8-bit) so that its shorter side is the model's {@code lowResolutionShortSide}. It is made
 * outside the graph, by this one function for training and serving alike. A photo whose shorter side is already
 * that small or smaller is used as it is.
 */
public final class LowResolution {

    private LowResolution() {
    }

    /**
     * The low-resolution width and height of a {@code width}×{@code height} photo: the shorter side becomes
     * {@code shortSide} (the other rounded, at least 1), or both stay when the shorter side is not longer.
     */
    public static int[] size(int width, int height, int shortSide) {
        int shorter = Math.min(width, height);
        if (shorter <= shortSide) {
            return new int[] {width, height};
        }
        double scale = (double) shortSide / shorter;
        return new int[] {width <= height ? shortSide : Math.max(1, (int) Math.round(width * scale)),
                height < width ? shortSide : Math.max(1, (int) Math.round(height * scale))};
    }

    /** {@code photo} at {@link #size}, by area averaging; the photo itself when no shrinking is needed. */
    public static Rgb8Image of(Rgb8Image photo, int shortSide) {
        int[] size = size(photo.width(), photo.height(), shortSide);
        if (size[0] == photo.width() && size[1] == photo.height()) {
            return photo;
        }
        return Resampling.resize(photo, size[0], size[1]);
    }
}
