package io.fastimage.operator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The trained networks of one operator by variant name, as the model repository found them
 * ({@code models/<id>/<variant>/}), one of them the default. A variant either loaded or has the reason it
 * did not.
 *
 * @param defaultVariant the name of the variant used when a request names none; a key of {@code variants}
 * @param variants       by name, in repository order
 */
public record NetworkVariants(String defaultVariant, Map<String, Variant> variants) {

    /** The name of the only variant of an operator directory holding model.json directly (the layout before variants). */
    public static final String DEFAULT_VARIANT = "default";

    public NetworkVariants {
        variants = Collections.unmodifiableMap(new LinkedHashMap<>(variants));
        if (!variants.containsKey(defaultVariant)) {
            throw new IllegalArgumentException("the default variant '" + defaultVariant + "' is not one of "
                    + variants.keySet());
        }
    }

    /** No working network, for {@code reason}: one unavailable default variant. */
    public static NetworkVariants unavailable(String reason) {
        return new NetworkVariants(DEFAULT_VARIANT, Map.of(DEFAULT_VARIANT, Variant.unavailable(DEFAULT_VARIANT, reason)));
    }

    public Variant defaults() {
        return variants.get(defaultVariant);
    }

    /**
     * The variant called {@code name}, or the default when {@code name} is null or is {@value #DEFAULT_VARIANT}
     * and no variant has that name (so {@code variant=default} works whatever the default is called).
     *
     * @throws InvalidParameterException (parameter {@code variant}) naming the known variants when there is none
     *     of that name
     */
    public Variant choose(String name) {
        if (name == null || (name.equals(DEFAULT_VARIANT) && !variants.containsKey(DEFAULT_VARIANT))) {
            return defaults();
        }
        Variant variant = variants.get(name);
        if (variant == null) {
            throw new InvalidParameterException("variant", "unknown variant '" + name + "'; known: "
                    + String.join(", ", variants.keySet())
                    + (variants.size() > 1 ? " (default: " + defaultVariant + ")" : ""));
        }
        return variant;
    }

    /**
     * One named network: loaded, or the reason it is unavailable.
     *
     * @param network           null when the variant did not load
     * @param unavailableReason null when it loaded
     */
    public record Variant(String name, Network network, String unavailableReason) {
        public Variant {
            Objects.requireNonNull(name, "name");
            if ((network == null) == (unavailableReason == null)) {
                throw new IllegalArgumentException("a variant has either a network or the reason it has none");
            }
        }

        public static Variant loaded(String name, Network network) {
            return new Variant(name, Objects.requireNonNull(network, "network"), null);
        }

        public static Variant unavailable(String name, String reason) {
            return new Variant(name, null, Objects.requireNonNull(reason, "reason"));
        }
    }
}
