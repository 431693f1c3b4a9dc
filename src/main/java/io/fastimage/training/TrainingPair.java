package io.fastimage.training;

import io.fastimage.image.Rgb8Image;

/** An operator's input and the reference operator's output on it, of the same size. */
public record TrainingPair(String name, Rgb8Image input, Rgb8Image target) {

    public TrainingPair {
        if (input.width() != target.width() || input.height() != target.height()) {
            throw new IllegalArgumentException("input " + input + " and target " + target + " differ in size");
        }
    }
}
