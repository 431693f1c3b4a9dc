package io.fastimage.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * A JSON object (or array element) of {@code model.json} with the dotted path that leads to it, for strict
 * reading: every accessor checks presence, type and range and throws {@link Invalid} naming the field
 * (e.g. {@code field 'architecture.width' must be between 1 and 512, got 0}). Network kinds read their
 * own sections through it, so their errors read like the rest of the file's.
 */
public record JsonFields(JsonNode node, String prefix) {

    /** A field of {@code model.json} is missing, of the wrong type or out of range; the message names it. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String message) {
            super(message);
        }
    }

    /** {@code field '<prefix><name>'}, for messages about a field of this object. */
    public String path(String name) {
        return "field '" + prefix + name + "'";
    }

    private String selfPath() {
        return "field '" + prefix.substring(0, Math.max(0, prefix.length() - 1)) + "'";
    }

    private JsonNode required(String name) {
        if (!node.isObject()) {
            throw new Invalid(selfPath() + " must be an object");
        }
        JsonNode value = node.get(name);
        if (value == null) {
            throw new Invalid("missing " + path(name));
        }
        return value;
    }

    /** Rejects any field of this object not in {@code names}. */
    public void onlyAllow(String... names) {
        if (!node.isObject()) {
            throw new Invalid(prefix.isEmpty() ? "the document must be a JSON object" : selfPath() + " must be an object");
        }
        Set<String> unknown = new TreeSet<>(node.propertyNames());
        unknown.removeAll(Arrays.asList(names));
        if (!unknown.isEmpty()) {
            throw new Invalid("unknown " + path(unknown.iterator().next()) + " (allowed: " + String.join(", ", names) + ")");
        }
    }

    public boolean has(String name) {
        return node.has(name);
    }

    public boolean isNull(String name) {
        return required(name).isNull();
    }

    public String string(String name) {
        JsonNode value = required(name);
        if (!value.isString()) {
            throw new Invalid(path(name) + " must be a string");
        }
        return value.stringValue();
    }

    /** An integer field within [{@code min}, {@code max}]. */
    public int integer(String name, int min, int max) {
        return checkedInteger(required(name), path(name), min, max);
    }

    /** This node itself (an array element) as an integer within [{@code min}, {@code max}]. */
    public int self(int min, int max) {
        return checkedInteger(node, selfPath(), min, max);
    }

    private static int checkedInteger(JsonNode value, String where, int min, int max) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new Invalid(where + " must be an integer");
        }
        int v = value.intValue();
        if (v < min || v > max) {
            throw new Invalid(where + " must be " + (min == max ? String.valueOf(min)
                    : "between " + min + " and " + max) + ", got " + v);
        }
        return v;
    }

    /** A finite number field. */
    public double number(String name) {
        JsonNode value = required(name);
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            throw new Invalid(path(name) + " must be a finite number");
        }
        return value.doubleValue();
    }

    public JsonFields object(String name) {
        JsonNode value = required(name);
        if (!value.isObject()) {
            throw new Invalid(path(name) + " must be an object");
        }
        return new JsonFields(value, prefix + name + ".");
    }

    public List<JsonFields> array(String name) {
        JsonNode value = required(name);
        if (!value.isArray()) {
            throw new Invalid(path(name) + " must be an array");
        }
        List<JsonFields> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            items.add(new JsonFields(value.get(i), prefix + name + "[" + i + "]."));
        }
        return items;
    }

    /** A string field that must be the JSON name of one of {@code values}. */
    public <E extends Enum<E>> E choice(String name, E[] values, Function<E, String> jsonName) {
        String text = string(name);
        for (E value : values) {
            if (jsonName.apply(value).equals(text)) {
                return value;
            }
        }
        List<String> allowed = Arrays.stream(values).map(jsonName).toList();
        throw new Invalid(path(name) + " must be one of " + allowed + ", got '" + text + "'");
    }
}
