package io.fastimage.codec;

import io.fastimage.image.Rgb8Image;

/**
 * The colour stored under fully transparent pixels is invisible, arbitrary (black, white, or left-over picture
 * depending on the writer) and must not reach an operator: smoothing or a network's receptive field would carry it
 * into the visible edge. Before the operator runs, each fully transparent pixel gets a colour grown from the visible
 * ones only, so the visible result depends on the visible picture alone. Partly transparent pixels keep their
 * (straight) colour: it is visible.
 */
public final class HiddenColour {

    private static final int UNKNOWN = 0;
    private static final int QUEUED = 1;
    private static final int KNOWN = 2;

    private HiddenColour() {
    }

    /**
     * {@code rgb} with every pixel whose alpha is 0 replaced, ring by ring outwards from the visible pixels, by the
     * mean of its already known 4-neighbours (rounded to nearest). Fully transparent images become black.
     *
     * @param alpha one value per pixel, in {@code rgb}'s order, or null (then {@code rgb} is returned as it is)
     * @return {@code rgb} itself when no pixel is fully transparent, else a new image of the same size
     */
    public static Rgb8Image fill(Rgb8Image rgb, byte[] alpha) {
        if (alpha == null) {
            return rgb;
        }
        int width = rgb.width();
        int height = rgb.height();
        int n = rgb.pixelCount();
        byte[] state = new byte[n];
        int[] ring = new int[n];
        int ringSize = 0;
        boolean anyHidden = false;
        for (int i = 0; i < n; i++) {
            if (alpha[i] != 0) {
                state[i] = KNOWN;
            } else {
                anyHidden = true;
            }
        }
        if (!anyHidden) {
            return rgb;
        }
        byte[] px = rgb.pixels().clone();
        for (int i = 0; i < n; i++) {
            if (state[i] == UNKNOWN && hasNeighbour(state, i, width, height, KNOWN)) {
                state[i] = QUEUED;
                ring[ringSize++] = i;
            }
        }
        int[] next = new int[n];
        int[] sums = new int[3];
        while (ringSize > 0) {
            // First compute the whole ring from the pixels known before it, then mark it known: the result does not
            // depend on the order within a ring.
            byte[] colours = new byte[3 * ringSize];
            for (int r = 0; r < ringSize; r++) {
                int i = ring[r];
                int count = 0;
                sums[0] = sums[1] = sums[2] = 0;
                for (int neighbour : neighbours(i, width, height)) {
                    if (neighbour >= 0 && state[neighbour] == KNOWN) {
                        for (int c = 0; c < 3; c++) {
                            sums[c] += px[3 * neighbour + c] & 0xFF;
                        }
                        count++;
                    }
                }
                for (int c = 0; c < 3; c++) {
                    colours[3 * r + c] = (byte) ((2 * sums[c] + count) / (2 * count));
                }
            }
            for (int r = 0; r < ringSize; r++) {
                System.arraycopy(colours, 3 * r, px, 3 * ring[r], 3);
                state[ring[r]] = KNOWN;
            }
            int nextSize = 0;
            for (int r = 0; r < ringSize; r++) {
                for (int neighbour : neighbours(ring[r], width, height)) {
                    if (neighbour >= 0 && state[neighbour] == UNKNOWN) {
                        state[neighbour] = QUEUED;
                        next[nextSize++] = neighbour;
                    }
                }
            }
            int[] swap = ring;
            ring = next;
            next = swap;
            ringSize = nextSize;
        }
        for (int i = 0; i < n; i++) {
            if (state[i] != KNOWN) { // no visible pixel at all: nothing to grow from
                px[3 * i] = px[3 * i + 1] = px[3 * i + 2] = 0;
            }
        }
        return new Rgb8Image(width, height, px);
    }

    private static boolean hasNeighbour(byte[] state, int i, int width, int height, int wanted) {
        for (int neighbour : neighbours(i, width, height)) {
            if (neighbour >= 0 && state[neighbour] == wanted) {
                return true;
            }
        }
        return false;
    }

    /** Left, right, up, down; -1 outside the image. */
    private static int[] neighbours(int i, int width, int height) {
        int x = i % width;
        int y = i / width;
        return new int[] {x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, y > 0 ? i - width : -1, y < height - 1 ? i + width : -1};
    }
}
