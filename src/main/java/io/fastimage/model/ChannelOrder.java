package io.fastimage.model;

/** The order of colour channels a network expects on input and produces on output. */
public enum ChannelOrder {
    /** Our own models. */
    RGB,
    /** The authors' released models (their script decodes with OpenCV, which yields BGR). */
    BGR;

    public String jsonName() {
        return name();
    }
}
