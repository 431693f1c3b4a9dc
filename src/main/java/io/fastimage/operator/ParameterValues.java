package io.fastimage.operator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Validated parameter values of one operator call: every declared parameter has a value. */
public final class ParameterValues {

    private final Map<String, Double> values;

    private ParameterValues(Map<String, Double> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** The defaults of every declared parameter. */
    public static ParameterValues defaults(List<ParameterSpec> specs) {
        return resolve(specs, Map.of());
    }

    /**
     * Defaults overridden by {@code overrides} (name to text as received from a query string or a
     * command line); an unknown name, a non-number or a value out of range is rejected with a
     * message naming the parameter and the allowed range.
     */
    public static ParameterValues resolve(List<ParameterSpec> specs, Map<String, String> overrides) {
        Map<String, ParameterSpec> byName = new LinkedHashMap<>();
        Map<String, Double> values = new LinkedHashMap<>();
        for (ParameterSpec spec : specs) {
            byName.put(spec.name(), spec);
            values.put(spec.name(), spec.defaultValue());
        }
        for (Map.Entry<String, String> override : overrides.entrySet()) {
            String name = override.getKey();
            ParameterSpec spec = byName.get(name);
            if (spec == null) {
                throw new InvalidParameterException(name, "unknown parameter '" + name + "'"
                        + (byName.isEmpty() ? "; this operator takes none" : "; known: " + String.join(", ", byName.keySet())));
            }
            values.put(name, parse(spec, override.getValue()));
        }
        return new ParameterValues(values);
    }

    private static double parse(ParameterSpec spec, String text) {
        double value = ParameterSpec.parse(text).orElseThrow(() -> outOfRange(spec, "'" + text + "' is not a number"));
        if (!Double.isFinite(value) || value < spec.min() || value > spec.max()) {
            throw outOfRange(spec, ParameterSpec.shown(value, text) + " is out of range");
        }
        if (spec.integer() && value != Math.rint(value)) {
            throw outOfRange(spec, ParameterSpec.format(value) + " is not a whole number");
        }
        return value;
    }

    private static InvalidParameterException outOfRange(ParameterSpec spec, String problem) {
        return new InvalidParameterException(spec.name(),
                "parameter '" + spec.name() + "': " + problem + "; allowed " + spec.rangeText());
    }

    public double get(String name) {
        Double v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no parameter '" + name + "' declared");
        }
        return v;
    }

    public int getInt(String name) {
        return (int) Math.round(get(name));
    }

    public Map<String, Double> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
