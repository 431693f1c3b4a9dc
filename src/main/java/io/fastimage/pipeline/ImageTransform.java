package io.fastimage.pipeline;

import io.fastimage.image.PlanarImage;
import io.fastimage.image.Rgb8Image;
import io.fastimage.operator.InvalidParameterException;
import io.fastimage.operator.OperatorRegistry.OperatorEntry;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.ReferenceOperator;
import io.fastimage.operator.neural.NeuralModel;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The middle step of the pipeline: what turns the decoded image into the result, and the name
 * under which its duration is reported ({@code inference} for a network, {@code exact} for the
 * exact operator).
 */
public record ImageTransform(String timingName, UnaryOperator<Rgb8Image> function) {

    /**
     * The transform of {@code mode} for one operator, with all option checks done before any image is
     * read: operator parameters are validated against the operator's declaration and are refused in
     * fast mode; fast mode without a working network is {@link OperatorUnavailableException}.
     */
    public static ImageTransform forMode(OperatorEntry entry, Mode mode, Map<String, String> parameters) {
        if (mode == Mode.EXACT) {
            return of(entry.reference(), ParameterValues.resolve(entry.info().parameters(), parameters));
        }
        if (!parameters.isEmpty()) {
            throw new InvalidParameterException(parameters.keySet().iterator().next(), "operator parameters ("
                    + String.join(", ", parameters.keySet()) + ") apply only to mode=exact; a trained network has its"
                    + " parameters built in");
        }
        return entry.model().map(ImageTransform::of)
                .orElseThrow(() -> new OperatorUnavailableException(entry.modelUnavailableReason()));
    }

    public static ImageTransform of(NeuralModel model) {
        return new ImageTransform("inference", model::apply);
    }

    public static ImageTransform of(ReferenceOperator operator, ParameterValues parameters) {
        return new ImageTransform("exact", image -> operator.apply(PlanarImage.fromRgb8(image), parameters).toRgb8());
    }
}
