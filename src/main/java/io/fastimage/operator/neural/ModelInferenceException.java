package io.fastimage.operator.neural;

/** A network failed while processing an image (not the caller's fault). */
public class ModelInferenceException extends RuntimeException {

    public ModelInferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
