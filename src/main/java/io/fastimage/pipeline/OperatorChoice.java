package io.fastimage.pipeline;

import io.fastimage.operator.ImageOperator;
import io.fastimage.operator.InvalidParameterException;
import io.fastimage.operator.Network;
import io.fastimage.operator.NetworkVariants;
import io.fastimage.operator.OperatorRegistry.OperatorEntry;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.SelfEnsemble;
import java.util.List;
import java.util.Map;

/**
 * Which implementation of an operator a request (API or CLI) asked for, with every option check done
 * before any image is read.
 */
public final class OperatorChoice {

    /** The option that sets the size of a network's {@link SelfEnsemble}, as the API and the CLI name it. */
    public static final String ENSEMBLE = "ensemble";

    private OperatorChoice() {
    }

    /**
     * The implementation for {@code mode}: the exact operator with {@code parameters} (validated against its
     * declaration), or the network {@code variant} (null: the operator's default network) with the parameters
     * it takes as input planes ({@link io.fastimage.operator.Network#withParameters}), as a {@link SelfEnsemble} of
     * {@code ensemble} members (1: the network alone).
     *
     * @throws InvalidParameterException for a bad parameter (in either mode: one the operator does not have, or
     *                                   outside the operator's range), a parameter the chosen network does not take or
     *                                   outside the range it was trained for, a variant or an ensemble in exact mode, an
     *                                   unknown variant, an ensemble size other than 1, 2, 4 or 8, or an ensemble of a
     *                                   network whose input depends on the pixel position (pencil drawing's texture)
     * @throws OperatorUnavailableException when the chosen network is not available (with the reason)
     */
    public static ImageOperator forMode(OperatorEntry entry, Mode mode, String variant, int ensemble,
                                        Map<String, String> parameters) {
        if (mode == Mode.EXACT && variant != null) {
            throw new InvalidParameterException("variant", "variant chooses a network; it applies only to mode=fast");
        }
        requireEnsemble(mode, ensemble);
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
        if (!SelfEnsemble.sizes(chosen.network()).contains(ensemble)) {
            List<String> others = entry.networks().variants().values().stream()
                    .filter(v -> v.network() != null && SelfEnsemble.sizes(v.network()).contains(ensemble))
                    .map(NetworkVariants.Variant::name).toList();
            throw new InvalidParameterException(ENSEMBLE, "variant '" + chosen.name() + "' takes an input plane fixed to "
                    + "the pixel position, which a flipped or turned photo would not line up with, so it runs with "
                    + "ensemble=1 only" + (others.isEmpty() ? "" : "; variants that take ensemble=" + ensemble + ": "
                    + String.join(", ", others)));
        }
        Network network = SelfEnsemble.of(chosen.network(), ensemble);
        // A network takes only the parameters it has input planes for, within the range it was trained on.
        return parameters.isEmpty() ? network : network.withParameters(parameters);
    }

    /**
     * Checks an ensemble size without the networks (so a command line fails before they load).
     *
     * @throws InvalidParameterException for a size other than 1, 2, 4 or 8, or one above 1 in exact mode
     */
    public static void requireEnsemble(Mode mode, int ensemble) {
        if (mode == Mode.EXACT && ensemble != 1) {
            throw new InvalidParameterException(ENSEMBLE, "ensemble averages a network; it applies only to mode=fast");
        }
        try {
            SelfEnsemble.requireSize(ensemble);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(ENSEMBLE, e.getMessage());
        }
    }
}
