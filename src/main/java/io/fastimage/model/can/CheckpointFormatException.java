package io.fastimage.model.can;

import io.fastimage.model.InvalidModelException;

/** A checkpoint file is corrupt, truncated or not what the importer expects; the message says where. */
public class CheckpointFormatException extends InvalidModelException {

    public CheckpointFormatException(String message) {
        super(message);
    }
}
