package io.fastimage.model;

import io.fastimage.image.Rgb8Image;

/**
 * Runs a network on a photo mirrored beyond its border ({@link NetworkSpec#symmetricPadding()}): the photo is
 * extended by the margin on every side, edge pixels repeated ({@link Rgb8Image#cropMirrored}), the network runs on
 * the extension, and the margin is cut from its result. One definition for serving and for training's steps and
 * validation, so a network learns and a card measures what the service computes.
 */
public final class SymmetricPadding {

    private SymmetricPadding() {
    }

    /** A network run on a region of the image whose top-left corner lies at ({@code x}, {@code y}), maybe negative. */
    @FunctionalInterface
    public interface Region {
        Rgb8Image apply(Rgb8Image region, int x, int y);
    }

    /**
     * {@code network} on {@code image} extended by {@code margin} px (at -margin, -margin), cut back to the image;
     * the image as it is when {@code margin} is 0.
     *
     * @throws IllegalArgumentException when {@code margin} is negative
     */
    public static Rgb8Image applyWhole(Rgb8Image image, int margin, Region network) {
        if (margin == 0) {
            return network.apply(image, 0, 0);
        }
        return network.apply(extended(image, margin), -margin, -margin).crop(margin, margin, image.width(), image.height());
    }

    /**
     * {@code image} extended by {@code margin} px on every side, mirrored about its edge with the edge pixels repeated:
     * {@code (width + 2·margin) × (height + 2·margin)}, the image's pixel (0, 0) at ({@code margin}, {@code margin}).
     *
     * @throws IllegalArgumentException when {@code margin} is negative
     */
    public static Rgb8Image extended(Rgb8Image image, int margin) {
        if (margin < 0) {
            throw new IllegalArgumentException("the margin must be 0 or more pixels, got " + margin);
        }
        if (margin == 0) {
            return image;
        }
        return image.cropMirrored(-margin, -margin, image.width() + 2 * margin, image.height() + 2 * margin);
    }
}
