package io.fastimage.training;

import io.fastimage.image.Rgb8Image;
import io.fastimage.model.PlaneContext;
import java.util.Map;
import java.util.Objects;

/**
 * An operator's input and the reference operator's output on it, of the same size, with the {@code conditions}
 * the output was made under: the parameters the exact operator ran with and the operator as the task, at origin
 * (0, 0). A network's parameter and task planes are set from them when it is trained or validated on the pair.
 */
public record TrainingPair(String name, Rgb8Image input, Rgb8Image target, PlaneContext conditions) {

    public TrainingPair {
        if (input.width() != target.width() || input.height() != target.height()) {
            throw new IllegalArgumentException("input " + input + " and target " + target + " differ in size");
        }
        Objects.requireNonNull(conditions, "conditions");
    }

    /** A pair of {@code operatorId} with its default parameters. */
    public TrainingPair(String name, Rgb8Image input, Rgb8Image target, String operatorId) {
        this(name, input, target, PlaneContext.whole(Map.of(), operatorId));
    }

    /** The same conditions for other images (a mirrored or turned copy, another target). */
    public TrainingPair with(Rgb8Image newInput, Rgb8Image newTarget) {
        return new TrainingPair(name, newInput, newTarget, conditions);
    }
}
