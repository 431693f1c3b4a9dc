package io.fastimage.operator;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * One named, numeric operator parameter with its default and allowed closed range.
 *
 * @param integer whether only whole numbers are accepted
 */
public record ParameterSpec(String name, String description, double defaultValue, double min, double max, boolean integer) {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    public ParameterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        if (!(min <= defaultValue && defaultValue <= max)) {
            throw new IllegalArgumentException("default of " + name + " outside [" + min + ", " + max + "]");
        }
    }

    public static ParameterSpec real(String name, String description, double defaultValue, double min, double max) {
        return new ParameterSpec(name, description, defaultValue, min, max, false);
    }

    public static ParameterSpec whole(String name, String description, int defaultValue, int min, int max) {
        return new ParameterSpec(name, description, defaultValue, min, max, true);
    }

    /** The allowed range as users read it in error messages, e.g. {@code [0.001, 1]}. */
    public String rangeText() {
        return "[" + format(min) + ", " + format(max) + "]" + (integer ? " (whole number)" : "");
    }

    /**
     * A parameter value as a person writes it: decimal digits with an optional sign, point and exponent ({@code 0.02},
     * {@code -3}, {@code .5}, {@code 2e-3}), surrounding spaces ignored; empty for anything else, so that Java's literal
     * forms ({@code 0x1p-6}, {@code 0.02d}) and {@code NaN} or {@code Infinity} are not numbers here. An exponent too
     * large for a double gives an infinite value, which no range accepts.
     */
    public static OptionalDouble parse(String text) {
        if (text == null || !DECIMAL.matcher(text.strip()).matches()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Double.parseDouble(text.strip()));
    }

    /**
     * A value given as {@code text} ({@link #parse}d to {@code v}) as messages show it: {@link #format}ted, or the
     * text itself when it was too large for a double ({@code 1e309}, not {@code Infinity}).
     */
    public static String shown(double v, String text) {
        return Double.isFinite(v) ? format(v) : text.strip();
    }

    /** Plain decimal notation without trailing zeros: {@code 0.0001}, {@code 100000}, {@code 0.5}. */
    public static String format(double v) {
        return Double.isFinite(v) ? java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString() : Double.toString(v);
    }
}
