package io.fastimage.model;

import io.fastimage.image.Rgb8Image;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a network's input channels hold: the three colour planes first (in the model's channel order), then
 * {@code extra} planes in order. In model.json this is the {@code inputs} list of the architecture section:
 * <pre>
 * [{"type": "colour"},
 *  {"type": "parameter", "name": "lambda", "min": 0.002, "max": 0.2, "scale": "log",
 *   "planeAtMin": 0.01, "planeAtMax": 1.0, "default": 0.01},
 *  {"type": "task", "task": "l0-smoothing"},
 *  {"type": "procedural", "name": "pencil-texture"}]
 * </pre>
 * A network without the list takes colour only; writing omits the list then, so such model.json files stay
 * as they were.
 */
public record InputPlanes(List<InputPlane> extra) {

    public static final InputPlanes COLOUR_ONLY = new InputPlanes(List.of());
    public static final int COLOUR_CHANNELS = 3;
    public static final String FIELD = "inputs";

    public InputPlanes {
        extra = List.copyOf(extra);
        List<String> parameters = new ArrayList<>();
        for (int i = 0; i < extra.size(); i++) {
            InputPlane plane = extra.get(i);
            if (extra.subList(0, i).contains(plane)) {
                throw new IllegalArgumentException("plane " + plane.summary() + " is given twice");
            }
            if (plane instanceof InputPlane.Parameter p) {
                if (parameters.contains(p.name())) {
                    throw new IllegalArgumentException("parameter '" + p.name() + "' has two planes");
                }
                parameters.add(p.name());
            }
        }
    }

    /** Number of input channels: 3 + the extra planes. */
    public int channels() {
        return COLOUR_CHANNELS + extra.size();
    }

    public boolean colourOnly() {
        return extra.isEmpty();
    }

    /** Whether these planes are {@code prefix}'s followed by any others (what widening a network may add). */
    public boolean startsWith(InputPlanes prefix) {
        return extra.size() >= prefix.extra.size() && extra.subList(0, prefix.extra.size()).equals(prefix.extra);
    }

    /** The parameter planes, in order: the operator parameters a run of this network may set. */
    public List<InputPlane.Parameter> parameters() {
        return extra.stream().filter(InputPlane.Parameter.class::isInstance).map(InputPlane.Parameter.class::cast).toList();
    }

    /** The plane carrying parameter {@code name}, if any. */
    public Optional<InputPlane.Parameter> parameter(String name) {
        return parameters().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Whether any plane depends on the pixel's absolute position. */
    public boolean positionDependent() {
        return extra.stream().anyMatch(plane -> !plane.constant());
    }

    /**
     * Writes the {@link #channels()}×H×W planes of {@code image} into {@code planes} from {@code offset} on:
     * colour as {@link ImageTensors#writePlanes} does, then each extra plane at the absolute positions
     * {@code context} places the image at.
     *
     * @throws IllegalArgumentException when a parameter in {@code context} lies outside its plane's range
     */
    public void write(Rgb8Image image, ChannelOrder order, PlaneContext context, float[] planes, int offset) {
        ImageTensors.writePlanes(image, order, planes, offset);
        int width = image.width();
        int height = image.height();
        int pixels = image.pixelCount();
        for (int k = 0; k < extra.size(); k++) {
            InputPlane plane = extra.get(k);
            int start = offset + (COLOUR_CHANNELS + k) * pixels;
            if (plane.constant()) {
                Arrays.fill(planes, start, start + pixels, plane.valueAt(context.originX(), context.originY(), context));
                continue;
            }
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    planes[start + y * width + x] = plane.valueAt(context.originX() + x, context.originY() + y, context);
                }
            }
        }
    }

    /** Reads the {@code inputs} list of {@code architecture}; colour only when absent. */
    public static InputPlanes read(JsonFields architecture) {
        if (!architecture.has(FIELD)) {
            return COLOUR_ONLY;
        }
        List<JsonFields> items = architecture.array(FIELD);
        if (items.isEmpty() || !"colour".equals(items.get(0).string("type"))) {
            throw new JsonFields.Invalid(architecture.path(FIELD) + " must start with {\"type\": \"colour\"}");
        }
        items.get(0).onlyAllow("type");
        List<InputPlane> extra = new ArrayList<>();
        for (JsonFields item : items.subList(1, items.size())) {
            String type = item.string("type");
            try {
                extra.add(switch (type) {
                    case "parameter" -> {
                        item.onlyAllow("type", "name", "min", "max", "scale", "planeAtMin", "planeAtMax", "default");
                        yield new InputPlane.Parameter(item.string("name"), item.number("min"), item.number("max"),
                                item.choice("scale", InputPlane.Scale.values(), InputPlane.Scale::jsonName),
                                item.number("planeAtMin"), item.number("planeAtMax"), item.number("default"));
                    }
                    case "task" -> {
                        item.onlyAllow("type", "task");
                        yield new InputPlane.Task(item.string("task"));
                    }
                    case "procedural" -> {
                        item.onlyAllow("type", "name");
                        yield new InputPlane.Procedural(item.string("name"));
                    }
                    default -> throw new JsonFields.Invalid(item.path("type")
                            + " must be one of colour (first only), parameter, task, procedural; got '" + type + "'");
                });
            } catch (IllegalArgumentException e) {
                throw new JsonFields.Invalid(item.path("type") + " " + type + ": " + e.getMessage());
            }
        }
        try {
            return new InputPlanes(extra);
        } catch (IllegalArgumentException e) {
            throw new JsonFields.Invalid(architecture.path(FIELD) + ": " + e.getMessage());
        }
    }

    /** Writes the {@code inputs} list into {@code architecture}, unless the network takes colour only. */
    public void write(ObjectNode architecture) {
        if (colourOnly()) {
            return;
        }
        ArrayNode list = architecture.putArray(FIELD);
        list.addObject().put("type", "colour");
        extra.forEach(plane -> plane.writeJson(list.addObject()));
    }

    /** One line for logs and cards, e.g. {@code colour + pencil-texture}. */
    public String summary() {
        StringBuilder text = new StringBuilder("colour");
        extra.forEach(plane -> text.append(" + ").append(plane.summary()));
        return text.toString();
    }
}
