package io.fastimage.operator.neural;

import io.fastimage.image.Resampling;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.NetworkSpec;
import io.fastimage.model.SymmetricPadding;
import io.fastimage.operator.Cancellation;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Runs a network on a large image tile by tile so that memory depends on the tile size, not the image
 * size. The image is partitioned into cores; each tile is its core plus a halo as wide as the network's
 * receptive radius (clipped at the image border, or at its margin), and only the core of each result is kept. A pixel of
 * a core then sees exactly the inputs it sees in the whole image, and zero padding happens only where
 * the whole image has it, so a network whose normalization uses fixed (running) statistics gives the same
 * result tiled and whole. A network with per-image statistics runs its tiles with statistics measured once on
 * an {@link #overview} of the whole image ({@link NeuralModel}), which approximates the whole-image result
 * without seams. The network is told where each tile lies in the image, so
 * input planes anchored to absolute image positions (a stroke texture) are placed as for the whole image.
 * A network with symmetric padding ({@link NetworkSpec#symmetricPadding()}) sees the image extended by that
 * margin, mirrored, on every side, whole or tiled alike: tiles at the image border take their halo from the
 * mirrored margin (and their origin may be negative), and only the image itself is kept.
 */
public final class Tiling {

    /** Default tile budget: 4 Mpx, about 1.2 GB of CAN24 activations at float32. */
    public static final long DEFAULT_TILE_PIXELS = 4L << 20;
    /** The smallest useful core side; below it the halo would cost far more than the core. */
    static final int MIN_CORE = 64;

    /** A rectangle of the image: the tile that is computed and, inside it, the core that is kept. */
    record Tile(int x, int y, int width, int height, int coreX, int coreY, int coreWidth, int coreHeight) {
    }

    private final long maxTilePixels;
    private final int halo;
    private final int margin;

    /**
     * @param maxTilePixels the most pixels of one network run, halo included; images up to this size (margin
     *                      included) run whole
     * @param halo          the network's receptive radius in pixels
     * @param margin        pixels mirrored beyond each border of the image (edge pixels repeated), 0 for none
     */
    public Tiling(long maxTilePixels, int halo, int margin) {
        if (margin < 0) {
            throw new IllegalArgumentException("the margin must be 0 or more pixels, got " + margin);
        }
        // A tile needs its halo around a useful core, and the overview (a 1x1 image at least) its margin.
        long side = Math.max(2L * halo + MIN_CORE, 1L + 2 * margin);
        if (maxTilePixels < side * side) {
            throw new IllegalArgumentException("a tile budget of " + maxTilePixels + " pixels is too small for a halo of "
                    + halo + " px and a margin of " + margin + " px: at least " + side * side + " (" + side
                    + " px square) is needed");
        }
        this.maxTilePixels = maxTilePixels;
        this.halo = halo;
        this.margin = margin;
    }

    /**
     * The tiling of a network of this shape: tiles of at most {@code maxTilePixels} with its receptive radius
     * as halo and its symmetric padding as margin, or always the whole image when the radius is empty (a
     * network that needs the whole image at once).
     *
     * @throws IllegalArgumentException when the budget cannot hold a tile with that halo
     */
    public static Tiling of(long maxTilePixels, NetworkSpec network) {
        OptionalInt receptiveRadius = network.receptiveRadius();
        return receptiveRadius.isPresent()
                ? new Tiling(maxTilePixels, receptiveRadius.getAsInt(), network.symmetricPadding())
                : new Tiling(Long.MAX_VALUE, 0, network.symmetricPadding());
    }

    static long minimumTilePixels(int halo) {
        long side = 2L * halo + MIN_CORE;
        return side * side;
    }

    public boolean needsTiles(Rgb8Image image) {
        return (long) (image.width() + 2 * margin) * (image.height() + 2 * margin) > maxTilePixels;
    }

    /**
     * The view of the whole image that a per-image network measures its statistics on: {@code image} shrunk by
     * area averaging to about the largest size that runs whole within the budget, then mirrored by the margin
     * as a whole-image run would see it (the result is {@code 2·margin} wider and higher than the shrunk image;
     * its pixel (margin, margin) is the shrunk image's origin). The aspect ratio is kept, except that a side
     * shorter than {@link #MIN_CORE} pixels is not shrunk below its length or that (a long thin strip keeps its
     * rows). An image that fits the budget is only mirrored.
     */
    Rgb8Image overview(Rgb8Image image) {
        long budget = maxTilePixels;
        int w = image.width();
        int h = image.height();
        // The scale s at which (w·s + 2m)(h·s + 2m) is the budget: the positive root of a quadratic in s.
        double b = 2.0 * margin * (w + h);
        double scale = Math.min(1, (-b + Math.sqrt(b * b - 4.0 * w * h * (4.0 * margin * margin - budget))) / (2.0 * w * h));
        int width = (int) Math.floor(w * scale);
        int height = (int) Math.floor(h * scale);
        if (height < Math.min(h, MIN_CORE)) {
            height = Math.min(h, MIN_CORE);
            width = (int) Math.min(w, budget / (height + 2L * margin) - 2L * margin);
        } else if (width < Math.min(w, MIN_CORE)) {
            width = Math.min(w, MIN_CORE);
            height = (int) Math.min(h, budget / (width + 2L * margin) - 2L * margin);
        }
        // Rounding may leave it a little over budget; the constructor guarantees that 1x1 plus its margin fits.
        while ((long) (Math.max(width, 1) + 2 * margin) * (Math.max(height, 1) + 2 * margin) > budget) {
            if (width >= height) {
                width--;
            } else {
                height--;
            }
        }
        width = Math.max(width, 1);
        height = Math.max(height, 1);
        Rgb8Image shrunk = width == image.width() && height == image.height() ? image
                : Resampling.resize(image, width, height);
        return shrunk.cropMirrored(-margin, -margin, width + 2 * margin, height + 2 * margin);
    }

    /**
     * The tiles covering a {@code width}×{@code height} image, row by row; cores partition the image, and
     * halos reach into the mirrored margin at its border.
     */
    List<Tile> plan(int width, int height) {
        int core = (int) Math.floor(Math.sqrt((double) maxTilePixels)) - 2 * halo;
        List<Tile> tiles = new ArrayList<>();
        for (int coreY = 0; coreY < height; coreY += core) {
            for (int coreX = 0; coreX < width; coreX += core) {
                int coreWidth = Math.min(core, width - coreX);
                int coreHeight = Math.min(core, height - coreY);
                int x = Math.max(-margin, coreX - halo);
                int y = Math.max(-margin, coreY - halo);
                int right = Math.min(width + margin, coreX + coreWidth + halo);
                int bottom = Math.min(height + margin, coreY + coreHeight + halo);
                tiles.add(new Tile(x, y, right - x, bottom - y, coreX, coreY, coreWidth, coreHeight));
            }
        }
        return tiles;
    }

    /**
     * {@code network} applied to {@code image}, whole (with its margin, at -margin, -margin) if it fits the
     * budget, else tile by tile.
     */
    public Rgb8Image apply(Rgb8Image image, SymmetricPadding.Region network) {
        if (!needsTiles(image)) {
            return SymmetricPadding.applyWhole(image, margin, network);
        }
        byte[] output = new byte[image.pixels().length];
        for (Tile tile : plan(image.width(), image.height())) {
            Cancellation.checkpoint();
            Rgb8Image result = network.apply(image.cropMirrored(tile.x(), tile.y(), tile.width(), tile.height()),
                    tile.x(), tile.y());
            int offsetX = tile.coreX() - tile.x();
            int offsetY = tile.coreY() - tile.y();
            for (int row = 0; row < tile.coreHeight(); row++) {
                System.arraycopy(result.pixels(), 3 * ((offsetY + row) * tile.width() + offsetX), output,
                        3 * ((tile.coreY() + row) * image.width() + tile.coreX()), 3 * tile.coreWidth());
            }
        }
        return new Rgb8Image(image.width(), image.height(), output);
    }
}
