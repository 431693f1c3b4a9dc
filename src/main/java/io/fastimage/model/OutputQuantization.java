package io.fastimage.model;

/** How the network's output in [0, 1] becomes 8 bits after multiplying by 255. */
public enum OutputQuantization {
    /** Drop the fraction, as the authors' script does ({@code np.uint8(x * 255)}). */
    TRUNCATE("truncate"),
    /** Round to the nearest integer, as the project's reference operators do. */
    ROUND("round");

    private final String jsonName;

    OutputQuantization(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    /** Quantizes a value already clipped to [0, 1], computed in float32 like the authors' numpy code. */
    public int quantize(float clipped) {
        float scaled = clipped * 255f;
        // For scaled ≥ 0, the double sum is exact, so this is Math.round (ties up), in fewer instructions.
        return this == TRUNCATE ? (int) scaled : (int) (scaled + 0.5d);
    }
}
