package io.fastimage.model;

import io.fastimage.image.PencilTexture;
import java.util.Objects;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * One input plane a network takes after the three colour planes (see {@link InputPlanes}). Each kind says
 * what it holds at a pixel of a run given the run's {@link PlaneContext}; all values are float32 like the
 * colour planes.
 */
public sealed interface InputPlane {

    /** Lower-case words joined by '-', like operator ids (parameter, task and procedural plane names). */
    Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*|[a-z][A-Za-z0-9]*");

    /** The value of this plane at absolute image position ({@code x}, {@code y}) in {@code context}. */
    float valueAt(int x, int y, PlaneContext context);

    /** Whether the plane is the same at every pixel of a run (then it is written without per-pixel work). */
    boolean constant();

    /** This plane's entry of model.json's {@code inputs} list, written into {@code node}. */
    void writeJson(ObjectNode node);

    /** A few words for logs and cards, e.g. {@code task l0-smoothing}. */
    String summary();

    /**
     * A constant plane carrying a named operator parameter, e.g. L0 smoothing's {@code lambda}. The network was
     * trained for values in [{@code min}, {@code max}] (the only ones a request may give); a value maps to the
     * plane linearly in the value or in its logarithm ({@link Scale}) from {@code planeAtMin} at {@code min} to
     * {@code planeAtMax} at {@code max}. {@code defaultValue} is used when a run gives none.
     */
    record Parameter(String name, double min, double max, Scale scale, double planeAtMin, double planeAtMax,
                     double defaultValue) implements InputPlane {
        public Parameter {
            requireName(name);
            if (!(Double.isFinite(min) && Double.isFinite(max) && min < max)) {
                throw new IllegalArgumentException("parameter plane '" + name + "' needs finite min < max, got ["
                        + min + ", " + max + "]");
            }
            Objects.requireNonNull(scale, "scale");
            if (scale == Scale.LOG && !(min > 0)) {
                throw new IllegalArgumentException("a log-scale parameter plane needs min > 0, got " + min);
            }
            if (!Double.isFinite(planeAtMin) || !Double.isFinite(planeAtMax)) {
                throw new IllegalArgumentException("parameter plane '" + name + "' needs finite plane values");
            }
            if (!(defaultValue >= min && defaultValue <= max)) {
                throw new IllegalArgumentException("parameter plane '" + name + "': default " + defaultValue
                        + " is outside [" + min + ", " + max + "]");
            }
        }

        /** Whether {@code value} lies in the trained range [{@code min}, {@code max}]. */
        public boolean accepts(double value) {
            return value >= min && value <= max;
        }

        /** The plane value for parameter {@code value} (which must lie in the trained range). */
        public double plane(double value) {
            if (!accepts(value)) {
                throw new IllegalArgumentException(name + " " + value + " is outside the trained range [" + min + ", "
                        + max + "]");
            }
            double t = scale == Scale.LOG ? Math.log(value / min) / Math.log(max / min) : (value - min) / (max - min);
            return planeAtMin + t * (planeAtMax - planeAtMin);
        }

        @Override
        public float valueAt(int x, int y, PlaneContext context) {
            return (float) plane(context.parameters().getOrDefault(name, defaultValue));
        }

        @Override
        public boolean constant() {
            return true;
        }

        @Override
        public void writeJson(ObjectNode node) {
            node.put("type", "parameter");
            node.put("name", name);
            node.put("min", min);
            node.put("max", max);
            node.put("scale", scale.jsonName());
            node.put("planeAtMin", planeAtMin);
            node.put("planeAtMax", planeAtMax);
            node.put("default", defaultValue);
        }

        @Override
        public String summary() {
            return "parameter " + name + " in [" + min + ", " + max + "] (" + scale.jsonName() + ")";
        }
    }

    /** How a parameter's value maps to its plane. */
    enum Scale {
        LINEAR("linear"), LOG("log");

        private final String jsonName;

        Scale(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }
    }

    /**
     * One plane of a one-hot task code (a network trained for several operators, like the authors' combined
     * CAN32): 1 everywhere when the run's task is {@code task}, else 0.
     */
    record Task(String task) implements InputPlane {
        public Task {
            requireName(task);
        }

        /**
         * The suffix of a model.json accuracy entry's {@code images} that says it was measured on {@code task}
         * (a multi-task network's card holds one set of entries per task).
         */
        public static String accuracySuffix(String task) {
            return " [task " + task + "]";
        }

        @Override
        public float valueAt(int x, int y, PlaneContext context) {
            return task.equals(context.task()) ? 1f : 0f;
        }

        @Override
        public boolean constant() {
            return true;
        }

        @Override
        public void writeJson(ObjectNode node) {
            node.put("type", "task");
            node.put("task", task);
        }

        @Override
        public String summary() {
            return "task " + task;
        }
    }

    /**
     * A plane computed from absolute image position, e.g. {@value #PENCIL_TEXTURE}: the stroke texture the exact
     * pencil operator multiplies in ({@link PencilTexture}, values in [0.05, 0.98]). A tile or a training crop
     * cut at (ox, oy) gets the plane at its own offset, so it sees what the whole image would.
     */
    record Procedural(String name) implements InputPlane {
        public static final String PENCIL_TEXTURE = "pencil-texture";

        public Procedural {
            if (!PENCIL_TEXTURE.equals(name)) {
                throw new IllegalArgumentException("unknown procedural plane '" + name + "' (known: " + PENCIL_TEXTURE + ")");
            }
        }

        @Override
        public float valueAt(int x, int y, PlaneContext context) {
            return (float) PencilTexture.at(x, y);
        }

        @Override
        public boolean constant() {
            return false;
        }

        @Override
        public void writeJson(ObjectNode node) {
            node.put("type", "procedural");
            node.put("name", name);
        }

        @Override
        public String summary() {
            return name;
        }
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a plane name must be lower-case words joined by '-' or a camelCase word, got '"
                    + name + "'");
        }
    }
}
