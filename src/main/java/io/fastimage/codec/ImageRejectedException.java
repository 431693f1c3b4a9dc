package io.fastimage.codec;

import java.util.Objects;

/**
 * An upload the codec refuses. The message is written for the person who sent the image (it never
 * carries a native stack trace or internal detail), and the reason tells the web layer which status to use.
 */
public class ImageRejectedException extends RuntimeException {

    public enum Reason {
        /** More bytes than the configured limit. */
        TOO_MANY_BYTES,
        /** Not one of the formats we decode (judged by magic bytes, never by name or declared type). */
        UNSUPPORTED_TYPE,
        /** A known format whose header or data is broken or truncated. */
        UNDECODABLE,
        /** The header declares more pixels than the configured limit (checked before any pixel is decoded). */
        TOO_MANY_PIXELS,
        /** The header declares a width or height above {@link DecodeLimits#MAX_SIDE} (checked before decoding). */
        SIDE_TOO_LONG
    }

    private final Reason reason;

    public ImageRejectedException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }

    static ImageRejectedException undecodable(String message) {
        return new ImageRejectedException(Reason.UNDECODABLE, message);
    }
}
