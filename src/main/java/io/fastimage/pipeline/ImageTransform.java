package io.fastimage.pipeline;

import io.fastimage.image.PlanarImage;
import io.fastimage.image.Rgb8Image;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.ReferenceOperator;
import io.fastimage.operator.neural.NeuralModel;
import java.util.function.UnaryOperator;

/**
 * The middle step of the pipeline: what turns the decoded image into the result, and the name
 * under which its duration is reported ({@code inference} for a network, {@code reference} for the
 * exact operator).
 */
public record ImageTransform(String timingName, UnaryOperator<Rgb8Image> function) {

    public static ImageTransform of(NeuralModel model) {
        return new ImageTransform("inference", model::apply);
    }

    public static ImageTransform of(ReferenceOperator operator, ParameterValues parameters) {
        return new ImageTransform("reference", image -> operator.apply(PlanarImage.fromRgb8(image), parameters).toRgb8());
    }
}
