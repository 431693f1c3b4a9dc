package io.fastimage.codec;

import io.fastimage.codec.ImageRejectedException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads a request body while counting, so an over-long upload is refused as it arrives, whatever it declared. */
public final class BoundedInput {

    private static final int CHUNK = 64 * 1024;
    /** The largest array the JVM reliably allocates. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private BoundedInput() {
    }

    /**
     * All of {@code in}, if it holds at most {@code maxBytes} bytes. Reads at most {@code maxBytes + 1} bytes: the
     * extra byte proves the stream is too long, and nothing more is consumed. Memory grows with what actually
     * arrives, not with the limit. Does not close {@code in}.
     *
     * @throws ImageRejectedException TOO_MANY_BYTES as soon as byte {@code maxBytes + 1} arrives
     */
    public static byte[] readAtMost(InputStream in, long maxBytes) throws IOException, ImageRejectedException {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative, got " + maxBytes);
        }
        long limit = Math.min(maxBytes, MAX_ARRAY);
        byte[] buffer = new byte[(int) Math.min(CHUNK, limit + 1)];
        int size = 0;
        while (true) {
            if (size == buffer.length) {
                if (size > limit) {
                    throw tooManyBytes(maxBytes);
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(Math.max(2L * size, CHUNK), limit + 1));
            }
            int read = in.read(buffer, size, buffer.length - size);
            if (read < 0) {
                return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
            }
            size += read;
        }
    }

    /** The refusal of an upload over {@code maxBytes}, whichever way it arrived. */
    public static ImageRejectedException tooManyBytes(long maxBytes) {
        return new ImageRejectedException(Reason.TOO_MANY_BYTES,
                "The upload is larger than the limit of " + maxBytes + " bytes.");
    }
}
