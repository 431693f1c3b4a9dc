package io.fastimage.pipeline;

import io.fastimage.operator.ImageOperator;
import io.fastimage.operator.InvalidParameterException;
import io.fastimage.operator.NetworkVariants;
import io.fastimage.operator.OperatorRegistry.OperatorEntry;
import io.fastimage.operator.ParameterValues;
import java.util.Map;

/**
 * Which implementation of an operator a request (API or CLI) asked for, with every option check done
 * before any image is read.
 */
public final class OperatorChoice {

    private OperatorChoice() {
    }

    /**
     * The implementation for {@code mode}: the exact operator with {@code parameters} (validated against its
     * declaration), or the network {@code variant} (null: the operator's default network) with the parameters
     * it takes as input planes ({@link io.fastimage.operator.Network#withParameters}).
     *
     * @throws InvalidParameterException for a bad parameter (in either mode: one the operator does not have, or
     *                                   outside the operator's range), a parameter the chosen network does not take or
     *                                   outside the range it was trained for, a variant in exact mode, or an unknown
     *                                   variant
     * @throws OperatorUnavailableException when the chosen network is not available (with the reason)
     */
    public static ImageOperator forMode(OperatorEntry entry, Mode mode, String variant, Map<String, String> parameters) {
        if (mode == Mode.EXACT && variant != null) {
            throw new InvalidParameterException("variant", "variant chooses a network; it applies only to mode=fast");
        }
        // In either mode a name the operator does not have is a typo, and a value outside its range an error.
        ParameterValues values = ParameterValues.resolve(entry.info().parameters(), parameters);
        if (mode == Mode.EXACT) {
            return entry.reference().withParameters(values);
        }
        NetworkVariants.Variant chosen = entry.networks().choose(variant);
        if (chosen.network() == null) {
            if (!parameters.isEmpty()) {
                throw new InvalidParameterException(parameters.keySet().iterator().next(), "operator parameters ("
                        + String.join(", ", parameters.keySet()) + ") need a network that takes them; variant '"
                        + chosen.name() + "' is unavailable, and mode=exact takes every parameter");
            }
            throw new OperatorUnavailableException(chosen.unavailableReason());
        }
        // A network takes only the parameters it has input planes for, within the range it was trained on.
        return parameters.isEmpty() ? chosen.network() : chosen.network().withParameters(parameters);
    }
}
