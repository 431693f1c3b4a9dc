package io.fastimage.model.guided;

import io.fastimage.image.Resampling;
import io.fastimage.image.Rgb8Image;

/**
 * The low-resolution copy the guided filter network's CAN sees: the photo shrunk by area averaging (OpenCV
 * {@code INTER_AREA}, 8-bit) so that its shorter side is the model's {@code lowResolutionShortSide}. It is made
 * outside the graph, by this one function for training and serving alike. A photo whose shorter side is already
 * that small or smaller is used as it is, unless it is a long strip: the copy never holds more than
 * {@value #MAX_ASPECT}·side² pixels (a 4:1 photo keeps the full short side; a 250×24000 strip shrinks to
 * 52×5016 instead of running the CAN on 6 MP, which is what bounds the guided path's memory for every shape).
 */
public final class LowResolution {

    /** Aspect ratio up to which the copy keeps the full short side; beyond it, its pixel count is capped. */
    public static final int MAX_ASPECT = 4;

    private LowResolution() {
    }

    /**
     * The low-resolution width and height of a {@code width}×{@code height} photo: the shorter side becomes
     * {@code shortSide} (the other rounded, at least 1), or both stay when the shorter side is not longer; then,
     * if that holds more than {@value #MAX_ASPECT}·{@code shortSide}² pixels, both shrink (at least 1) to fit.
     */
    public static int[] size(int width, int height, int shortSide) {
        int shorter = Math.min(width, height);
        int[] size = shorter <= shortSide ? new int[] {width, height} : bySide(width, height, (double) shortSide / shorter, shortSide);
        double maxPixels = (double) MAX_ASPECT * shortSide * shortSide;
        double pixels = (double) size[0] * size[1];
        if (pixels <= maxPixels) {
            return size;
        }
        double scale = Math.sqrt(maxPixels / ((double) width * height));
        int newShorter = Math.max(1, (int) Math.floor(shorter * scale));
        // A side of 1 px cannot shrink further: the longer side then takes all the pixels left.
        int newLonger = (int) Math.min(Math.floor(Math.max(width, height) * scale), Math.floor(maxPixels / newShorter));
        return width <= height ? new int[] {newShorter, newLonger} : new int[] {newLonger, newShorter};
    }

    private static int[] bySide(int width, int height, double scale, int shortSide) {
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
