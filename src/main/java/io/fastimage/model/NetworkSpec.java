package io.fastimage.model;

import java.util.Map;
import java.util.OptionalInt;

/**
 * What the {@code architecture} section of a {@code model.json} says, as its {@link NetworkKind} read it:
 * everything serving, benchmarking and model cards need to know about a network without knowing its kind.
 * Implementations are immutable values (records) with value equality.
 */
public interface NetworkSpec {

    /** {@code architecture.type} in model.json: the kind that reads and writes this section. */
    String type();

    /**
     * How far an output pixel's inputs reach in each direction, in pixels: the halo a tile needs for a tiled
     * result to equal the whole-image one. Empty when the network needs the whole image at once (it is never
     * tiled).
     */
    OptionalInt receptiveRadius();

    /**
     * How many pixels of the photo are mirrored (half-sample symmetric) beyond each border before the network runs and cut
     * away after it, so that the network's own zero padding falls outside the photo; 0 by default.
     */
    default int symmetricPadding() {
        return 0;
    }

    /**
     * What the network's input channels hold: colour, then any extra planes (parameters, task code, procedural
     * planes); colour only unless the kind declares more.
     */
    default InputPlanes inputs() {
        return InputPlanes.COLOUR_ONLY;
    }

    /**
     * Whether the network normalizes each image by that image's own feature statistics (per-image batch
     * normalization), so that tiles normalized by themselves would differ from the whole image: such a network
     * runs the tiles of a large image with statistics measured once on the whole image
     * ({@link NetworkBlock#withStatisticsOf}). False by default.
     */
    default boolean normalizesPerImage() {
        return false;
    }

    /** Multiply-adds per output pixel of one forward pass (for {@code bench}'s GFLOP/s). */
    long multiplyAddsPerPixel();

    /**
     * Multiply-adds of one forward pass on a {@code width}×{@code height} image; by default
     * {@link #multiplyAddsPerPixel()} times the pixels. A network whose cost is not proportional to the image
     * (a fixed-size low-resolution part) says so here.
     */
    default double multiplyAdds(int width, int height) {
        return (double) multiplyAddsPerPixel() * width * height;
    }

    /** One line for logs and tables, e.g. {@code CAN24, dilations [1, 2, 4, 8, 16, 32, 64, 1]}. */
    String summary();

    /** What the model card calls this network, e.g. {@code context aggregation network}. */
    String cardTitle();

    /** The model card's rows about the network (row name to text), in display order. */
    Map<String, String> cardRows();

    /**
     * A new, uninitialized block of this shape whose parameters will be overwritten (loading weights): its
     * initialization is whatever is cheapest, not what training starts from.
     */
    NetworkBlock newBlock();
}
