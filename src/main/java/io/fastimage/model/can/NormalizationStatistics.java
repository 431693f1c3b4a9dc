package io.fastimage.model.can;

/**
 * Which statistics batch normalization uses at inference. In training both use the batch's own
 * statistics; {@link #RUNNING} additionally updates the stored moving averages.
 */
public enum NormalizationStatistics {
    /** Mean and variance over the height and width of the image being processed (the authors' release). */
    PER_IMAGE("per-image"),
    /** Standard inference batch normalization with the stored moving mean and variance. */
    RUNNING("running");

    private final String jsonName;

    NormalizationStatistics(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
