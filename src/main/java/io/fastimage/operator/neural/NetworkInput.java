package io.fastimage.operator.neural;

import io.fastimage.image.Rgb8Image;
import io.fastimage.model.PlaneContext;
import java.util.Objects;

/**
 * What one network run sees: the image (a whole image or a tile) and the context of the network's extra
 * input planes (where the image lies in the whole one, parameter values, task).
 */
public record NetworkInput(Rgb8Image image, PlaneContext context) {
    public NetworkInput {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(context, "context");
    }
}
