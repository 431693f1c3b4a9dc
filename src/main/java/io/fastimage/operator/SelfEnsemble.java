package io.fastimage.operator;

import io.fastimage.image.Rgb8Image;
import io.fastimage.model.ModelDescriptor;
import java.util.List;
import java.util.Map;

/**
 * Geometric self-ensemble: a network run on the photo under several symmetries of the square, each result turned
 * back and the results averaged (Timofte, Rothe and Van Gool, "Seven ways to improve example-based single image super
 * resolution", CVPR 2016, §2.1; Lim et al., "Enhanced deep residual networks", CVPRW 2017, §4.3, the "+" models).
 * A network is not exactly equivariant to flips and turns even where its operator is, so its errors under different
 * symmetries partly cancel; the cost is one inference per symmetry.
 *
 * <p>The symmetries are the first {@code size} of: identity, left-right mirror, half turn, top-bottom mirror (the four
 * that keep width and height), then the quarter turns and the diagonal mirrors. The members' 8-bit results are
 * averaged and rounded half up; against averaging their unquantized outputs that adds at most 1/(12·size) of a level
 * squared to the expected squared error.
 */
public final class SelfEnsemble implements Network {

    /** The sizes a request may ask for: 1 (the network alone), 2, 4 or 8 symmetries. */
    public static final List<Integer> SIZES = List.of(1, 2, 4, 8);

    /** {@link Rgb8Image#transformed} symmetries in the order they join the ensemble. */
    private static final int[] SYMMETRIES = {0, 4, 2, 6, 1, 5, 3, 7};

    private final Network network;
    private final int size;

    private SelfEnsemble(Network network, int size) {
        this.network = network;
        this.size = size;
    }

    /**
     * {@code network} averaged over {@code size} symmetries; {@code network} itself when {@code size} is 1. Its
     * operator should be equivariant to flips and turns, as the ten are up to their borders (pencil drawing's only
     * without its texture, which its textured networks take as a position-dependent plane and are refused for).
     *
     * @throws IllegalArgumentException when {@code size} is not one of {@link #SIZES}, or when {@code size} is above
     *                                  1 and an input plane of {@code network} depends on the pixel position (pencil
     *                                  drawing's texture would not line up with a flipped or turned photo)
     */
    public static Network of(Network network, int size) {
        requireSize(size);
        if (!sizes(network).contains(size)) {
            throw new IllegalArgumentException("this network of '" + network.descriptor().operatorId() + "' takes an "
                    + "input plane fixed to the pixel position, which a flipped or turned photo would not line up with; "
                    + "it runs with ensemble 1 only");
        }
        return size == 1 ? network : new SelfEnsemble(network, size);
    }

    /** @throws IllegalArgumentException when {@code size} is not one of {@link #SIZES} */
    public static void requireSize(int size) {
        if (!SIZES.contains(size)) {
            throw new IllegalArgumentException("ensemble must be " + sizesText() + " (how many flips and turns of the "
                    + "photo the network runs on), got " + size);
        }
    }

    /** The ensemble sizes {@code network} can run as: all of {@link #SIZES}, or 1 alone for a position-dependent input. */
    public static List<Integer> sizes(Network network) {
        return network.descriptor().network().inputs().positionDependent() ? List.of(1) : SIZES;
    }

    /** {@link #SIZES} as a message lists them: {@code 1, 2, 4 or 8}. */
    public static String sizesText() {
        List<String> words = SIZES.stream().map(String::valueOf).toList();
        return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }

    @Override
    public ModelDescriptor descriptor() {
        return network.descriptor();
    }

    /** The mean of the network's results, with the same {@code parameters}, over this ensemble's symmetries. */
    @Override
    public Rgb8Image apply(Rgb8Image input, Map<String, Double> parameters) {
        short[] sum = new short[input.pixels().length]; // at most 8 × 255
        for (int i = 0; i < size; i++) {
            int symmetry = SYMMETRIES[i];
            byte[] result = network.apply(input.transformed(symmetry), parameters).transformed(inverse(symmetry)).pixels();
            for (int j = 0; j < sum.length; j++) {
                sum[j] += (short) (result[j] & 0xff);
            }
        }
        byte[] mean = new byte[sum.length];
        for (int j = 0; j < sum.length; j++) {
            mean[j] = (byte) ((2 * sum[j] + size) / (2 * size));
        }
        return new Rgb8Image(input.width(), input.height(), mean);
    }

    /** Mirrors are their own inverses; a turn by one quarter is undone by three. */
    static int inverse(int symmetry) {
        return symmetry >= 4 ? symmetry : (4 - symmetry) % 4;
    }

    /** The network's summary with the ensemble's size; the same weights, so the same version. */
    @Override
    public Implementation implementation() {
        Implementation one = network.implementation();
        return Implementation.network(one.network() + ", self-ensemble of " + size, one.version());
    }
}
