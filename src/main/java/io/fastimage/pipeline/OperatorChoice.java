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
     * declaration), or the network {@code variant} (null: the operator's default network).
     *
     * @throws InvalidParameterException for a bad parameter, parameters in fast mode, a variant in exact mode, or an
     *                                   unknown variant
     * @throws OperatorUnavailableException when the chosen network is not available (with the reason)
     */
    public static ImageOperator forMode(OperatorEntry entry, Mode mode, String variant, Map<String, String> parameters) {
        if (mode == Mode.EXACT) {
            if (variant != null) {
                throw new InvalidParameterException("variant", "variant chooses a network; it applies only to mode=fast");
            }
            return entry.reference().withParameters(ParameterValues.resolve(entry.info().parameters(), parameters));
        }
        if (!parameters.isEmpty()) {
            throw new InvalidParameterException(parameters.keySet().iterator().next(), "operator parameters ("
                    + String.join(", ", parameters.keySet()) + ") apply only to mode=exact; a trained network has its"
                    + " parameters built in");
        }
        NetworkVariants.Variant chosen = entry.networks().choose(variant);
        if (chosen.network() == null) {
            throw new OperatorUnavailableException(chosen.unavailableReason());
        }
        return chosen.network();
    }
}
