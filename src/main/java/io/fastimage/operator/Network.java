package io.fastimage.operator;

import io.fastimage.image.Rgb8Image;
import io.fastimage.model.InputPlane;
import io.fastimage.model.ModelDescriptor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained network imitating one operator: an {@link ImageOperator} with the model.json it was loaded from.
 * A network whose inputs include parameter planes ({@link io.fastimage.model.InputPlanes}) also takes those
 * operator parameters, each within the range it was trained for.
 */
public interface Network extends ImageOperator {

    /** What the network's model directory declares: its kind, conventions, weights and provenance. */
    ModelDescriptor descriptor();

    /**
     * The network applied to {@code input} with operator parameters set by name (each one of
     * {@link #parameters()}, within its range; the others at their defaults).
     *
     * @throws IllegalArgumentException for a parameter the network does not take or a value outside its range
     */
    Rgb8Image apply(Rgb8Image input, Map<String, Double> parameters);

    @Override
    default Rgb8Image apply(Rgb8Image input) {
        return apply(input, Map.of());
    }

    /** The operator parameters this network takes in fast mode, in input order (none for most networks). */
    default List<InputPlane.Parameter> parameters() {
        return descriptor().network().inputs().parameters();
    }

    /**
     * This network with parameters given as text (a query string or a command line) fixed.
     *
     * @throws InvalidParameterException naming the parameter: one this network does not take (naming those it
     *                                   does), not a number, or outside the range it was trained for (naming it)
     */
    default ImageOperator withParameters(Map<String, String> given) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : given.entrySet()) {
            String name = entry.getKey();
            InputPlane.Parameter plane = parameters().stream().filter(p -> p.name().equals(name)).findFirst()
                    .orElseThrow(() -> new InvalidParameterException(name, parameters().isEmpty()
                            ? "this network has its parameters built in and takes none (given: "
                                    + String.join(", ", given.keySet()) + "); they apply only to the exact operator "
                                    + "(mode=exact) and to variants that take them"
                            : "unknown parameter '" + name + "' for this network in fast mode; it takes "
                                    + String.join(", ", parameters().stream().map(InputPlane.Parameter::name).toList())
                                    + " (mode=exact takes every parameter of the operator)"));
            double value = ParameterSpec.parse(entry.getValue()).orElseThrow(() -> new InvalidParameterException(name,
                    "parameter '" + name + "': '" + entry.getValue() + "' is not a number"));
            if (!plane.accepts(value)) {
                throw new InvalidParameterException(name, "parameter '" + name + "': "
                        + ParameterSpec.shown(value, entry.getValue()) + " is outside the range this network was trained for, "
                        + rangeText(plane) + "; mode=exact takes the operator's full range");
            }
            values.put(name, value);
        }
        Map<String, Double> fixed = Map.copyOf(values);
        Network network = this;
        return new ImageOperator() {
            @Override
            public Rgb8Image apply(Rgb8Image input) {
                return network.apply(input, fixed);
            }

            @Override
            public Implementation implementation() {
                return network.implementation();
            }
        };
    }

    /** {@code [min, max]} of a parameter plane as users read it in messages and the operator list. */
    static String rangeText(InputPlane.Parameter plane) {
        return "[" + ParameterSpec.format(plane.min()) + ", " + ParameterSpec.format(plane.max()) + "]";
    }
}
