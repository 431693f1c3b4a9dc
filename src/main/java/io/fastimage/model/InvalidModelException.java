package io.fastimage.model;

import java.io.IOException;

/** A model directory or one of its files is unusable; the message names the file or field at fault. */
public class InvalidModelException extends IOException {

    public InvalidModelException(String message) {
        super(message);
    }

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
