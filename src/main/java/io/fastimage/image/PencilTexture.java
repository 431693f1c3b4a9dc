package io.fastimage.image;

import java.util.Arrays;
import java.util.Random;

/**
 * A procedural pencil-hatching texture standing in for the scanned texture of Lu, Xu and Jia: a
 * periodic 256 x 256 tile of white paper covered with short, nearly parallel graphite strokes at about
 * 45 degrees (random length, darkness and slight tilt, antialiased one pixel wide, tapered ends,
 * multiplied into the paper) plus a faint paper grain. Seed 2012 makes it the same on every run;
 * strokes wrap around the tile edges, so tiling shows no seams.
 *
 * <p>One texture for everything that needs it: the exact pencil-drawing operator multiplies it into its
 * result, and a network's {@code pencil-texture} input plane shows the network the same texture at the same
 * absolute image positions (tile anchored at the image's top-left corner).
 */
public final class PencilTexture {

    /** Side of the square tile in pixels. */
    public static final int SIZE = 256;
    static final long SEED = 2012;
    private static final int STROKES = 5200;

    /** Keeps {@code ln H} away from 0 and minus infinity for the texture fit. */
    public static final double MIN = 0.05;
    public static final double MAX = 0.98;

    private static final double[] TILE = generate();

    private PencilTexture() {
    }

    /** The tile repeated over {@code width x height} from the top-left corner, row-major, values in [MIN, MAX]. */
    public static double[] tiled(int width, int height) {
        double[] out = new double[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out[y * width + x] = at(x, y);
            }
        }
        return out;
    }

    /**
     * The texture at absolute image position ({@code x}, {@code y}) of an image whose tiling starts at its
     * top-left corner: a region cut from the image at (ox, oy) sees {@code at(ox + i, oy + j)}. Any ints
     * (negative ones wrap too); the value lies in [MIN, MAX].
     */
    public static double at(int x, int y) {
        return TILE[Math.floorMod(y, SIZE) * SIZE + Math.floorMod(x, SIZE)];
    }

    private static double[] generate() {
        Random random = new Random(SEED);
        double[] paper = new double[SIZE * SIZE];
        Arrays.fill(paper, 1.0);
        for (int s = 0; s < STROKES; s++) {
            double cx = random.nextDouble() * SIZE;
            double cy = random.nextDouble() * SIZE;
            double angle = Math.PI / 4 + 0.06 * random.nextGaussian();
            double halfLength = 4 + 10 * random.nextDouble();
            double darkness = 0.10 + 0.20 * random.nextDouble();
            drawStroke(paper, cx, cy, Math.cos(angle), Math.sin(angle), halfLength, darkness);
        }
        for (int i = 0; i < paper.length; i++) {
            double grain = 1 - 0.05 * random.nextDouble();
            paper[i] = Math.min(MAX, Math.max(MIN, paper[i] * grain));
        }
        return paper;
    }

    private static void drawStroke(double[] paper, double cx, double cy, double dx, double dy,
                                   double halfLength, double darkness) {
        int reach = (int) Math.ceil(halfLength) + 1;
        for (int oy = -reach; oy <= reach; oy++) {
            for (int ox = -reach; ox <= reach; ox++) {
                int px = (int) Math.floor(cx) + ox;
                int py = (int) Math.floor(cy) + oy;
                double rx = px + 0.5 - cx;
                double ry = py + 0.5 - cy;
                double along = rx * dx + ry * dy;
                double across = Math.abs(-rx * dy + ry * dx);
                if (across >= 1 || Math.abs(along) > halfLength) {
                    continue;
                }
                double taper = 1 - Math.pow(along / halfLength, 4);
                int i = Math.floorMod(py, SIZE) * SIZE + Math.floorMod(px, SIZE);
                paper[i] *= 1 - darkness * (1 - across) * taper;
            }
        }
    }
}
