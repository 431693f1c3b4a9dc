package io.fastimage.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The RIFF chunks of a WebP file, and the first frame of an animated one. OpenCV's WebP decoder refuses animated
 * files, so the first {@code ANMF} frame's image chunks are re-wrapped as a still WebP for it, together with where the
 * frame sits on the canvas (WebP container specification, "Animation").
 */
final class WebpChunks {

    private static final long FIRST_CHUNK = 12;
    private static final int CHUNK_HEADER = 8;
    /** ANMF payload before the frame's own chunks: X/2, Y/2, width - 1, height - 1, duration (3 bytes each), flags. */
    private static final int ANMF_HEADER = 16;
    private static final int VP8X_ALPHA_FLAG = 0x10;

    private WebpChunks() {
    }

    /** The offset of the chunk after the one at {@code at} (chunks are padded to an even size). */
    static long next(HeaderBytes in, long at) {
        long size = in.u32(at + 4);
        return at + CHUNK_HEADER + size + (size & 1);
    }

    /**
     * An animation's first frame as a still WebP.
     *
     * @param still the frame's image (ALPH + VP8, or VP8L) in a file of its own
     * @param x     left edge on the canvas, pixels
     * @param y     top edge on the canvas, pixels
     */
    record Frame(byte[] still, int x, int y, int width, int height) {
    }

    /**
     * The first {@code ANMF} frame of an animated WebP.
     *
     * @throws ImageRejectedException UNDECODABLE when the file has no complete frame
     */
    static Frame firstFrame(byte[] bytes) {
        HeaderBytes in = new HeaderBytes(bytes, true, "WebP");
        for (long at = FIRST_CHUNK; in.has(at, CHUNK_HEADER); at = next(in, at)) {
            long size = in.u32(at + 4);
            if (in.matchesAscii(at, "ANMF") && size >= ANMF_HEADER && in.has(at + CHUNK_HEADER, size)) {
                long payload = at + CHUNK_HEADER;
                int x = 2 * in.u24(payload);
                int y = 2 * in.u24(payload + 3);
                int width = in.u24(payload + 6) + 1;
                int height = in.u24(payload + 9) + 1;
                byte[] still = still(in, payload + ANMF_HEADER, payload + size, width, height);
                return new Frame(still, x, y, width, height);
            }
        }
        throw ImageRejectedException.undecodable("The animated WebP has no complete frame.");
    }

    /** The frame's ALPH and VP8/VP8L chunks in a RIFF of their own; VP8X announces the alpha chunk when there is one. */
    private static byte[] still(HeaderBytes in, long from, long end, int width, int height) {
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        boolean alpha = false;
        for (long at = from; at < end && in.has(at, CHUNK_HEADER); at = next(in, at)) {
            long padded = CHUNK_HEADER + in.u32(at + 4) + (in.u32(at + 4) & 1);
            if (!in.has(at, padded) || at + padded > end) {
                break;
            }
            boolean image = in.matchesAscii(at, "VP8 ") || in.matchesAscii(at, "VP8L");
            if (in.matchesAscii(at, "ALPH") || image) {
                alpha |= in.matchesAscii(at, "ALPH");
                chunks.writeBytes(in.slice(at, padded));
            }
            if (image) {
                break;
            }
        }
        ByteArrayOutputStream riff = new ByteArrayOutputStream();
        if (alpha) {
            ByteBuffer vp8x = ByteBuffer.allocate(CHUNK_HEADER + 10).order(ByteOrder.LITTLE_ENDIAN);
            vp8x.put(ascii("VP8X")).putInt(10).put((byte) VP8X_ALPHA_FLAG).put(new byte[3]);
            putU24(vp8x, width - 1);
            putU24(vp8x, height - 1);
            riff.writeBytes(vp8x.array());
        }
        riff.writeBytes(chunks.toByteArray());
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        header.put(ascii("RIFF")).putInt(4 + riff.size()).put(ascii("WEBP"));
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(header.array());
        file.writeBytes(riff.toByteArray());
        return file.toByteArray();
    }

    private static void putU24(ByteBuffer buffer, int value) {
        buffer.put((byte) value).put((byte) (value >> 8)).put((byte) (value >> 16));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
