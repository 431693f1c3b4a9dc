package io.fastimage.model.can;

import io.fastimage.model.InputPlanes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Shape of a context aggregation network: {@code dilations.size()} 3x3 convolutions of {@code width}
 * channels (each followed by adaptive normalization and leaky ReLU), then a 1x1 convolution to
 * {@link #OUTPUT_CHANNELS} channels. {@code inputs} says what the {@code inputChannels} input channels hold
 * (colour, then any extra planes), and their counts agree.
 *
 * <p>Every convolution pads with zeros, which at a photo's border shows the network a black frame it rarely saw in
 * training (crops come from photo interiors), so its outer pixels err about twice as much as the rest.
 * {@code symmetricPadding} px of the photo mirrored beyond each border, edge pixels repeated (half-sample
 * symmetric, {@link io.fastimage.image.Rgb8Image#cropMirrored}) before the network runs, and cut away after, moves
 * the zeros out of the photo; 0 runs the photo as it is (the authors' convention). Half-sample symmetry is the
 * extension under which the exact operators' zero-flux (Neumann) borders hold.
 */
public record CanArchitecture(int width, List<Integer> dilations, int inputChannels, double batchNormEpsilon,
                              InputPlanes inputs, int symmetricPadding) {

    /** The widest symmetric padding a model.json may ask for, px. */
    public static final int MAX_SYMMETRIC_PADDING = 1024;

    public static final int OUTPUT_CHANNELS = 3;
    public static final int KERNEL_SIZE = 3;
    /** The epsilon of TensorFlow-slim's batch normalization, used by the authors. */
    public static final double AUTHORS_EPSILON = 1e-3;

    public CanArchitecture {
        if (width < 1) {
            throw new IllegalArgumentException("width must be positive, got " + width);
        }
        if (inputChannels < 1) {
            throw new IllegalArgumentException("inputChannels must be positive, got " + inputChannels);
        }
        dilations = List.copyOf(dilations);
        if (dilations.isEmpty() || dilations.stream().anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("dilations must be a non-empty list of positive integers, got " + dilations);
        }
        if (!(batchNormEpsilon > 0) || Double.isInfinite(batchNormEpsilon)) {
            throw new IllegalArgumentException("batchNormEpsilon must be positive and finite, got " + batchNormEpsilon);
        }
        Objects.requireNonNull(inputs, "inputs");
        if (inputs.channels() != inputChannels) {
            throw new IllegalArgumentException("inputChannels " + inputChannels + " disagrees with the " + inputs.channels()
                    + " channels of the inputs " + inputs.summary());
        }
        checkSymmetricPadding(symmetricPadding, "symmetricPadding");
    }

    /**
     * Checks a symmetric padding before anything is built with it (an importer checks its option before reading a
     * checkpoint).
     *
     * @param name what the value is called where it came from, for the message
     * @throws IllegalArgumentException when {@code pixels} is outside 0..{@link #MAX_SYMMETRIC_PADDING}
     */
    public static void checkSymmetricPadding(int pixels, String name) {
        if (pixels < 0 || pixels > MAX_SYMMETRIC_PADDING) {
            throw new IllegalArgumentException(name + " must be 0.." + MAX_SYMMETRIC_PADDING + " px, got " + pixels);
        }
    }

    /** A network without symmetric padding. */
    public CanArchitecture(int width, List<Integer> dilations, int inputChannels, double batchNormEpsilon,
                           InputPlanes inputs) {
        this(width, dilations, inputChannels, batchNormEpsilon, inputs, 0);
    }

    /** A network of colour-only input ({@code inputChannels} must be 3) without symmetric padding. */
    public CanArchitecture(int width, List<Integer> dilations, int inputChannels, double batchNormEpsilon) {
        this(width, dilations, inputChannels, batchNormEpsilon, InputPlanes.COLOUR_ONLY);
    }

    /** The same shape taking {@code other} inputs (the first layer's input channels follow them). */
    public CanArchitecture withInputs(InputPlanes other) {
        return new CanArchitecture(width, dilations, other.channels(), batchNormEpsilon, other, symmetricPadding);
    }

    /** The same network run with {@code pixels} of symmetric padding at the photo's border (same weights). */
    public CanArchitecture withSymmetricPadding(int pixels) {
        return new CanArchitecture(width, dilations, inputChannels, batchNormEpsilon, inputs, pixels);
    }

    /** CAN24 of the paper: dilations 1, 2, 4, ..., 64, 1. */
    public static CanArchitecture can24() {
        return new CanArchitecture(24, standardDilations(8), 3, AUTHORS_EPSILON);
    }

    /** CAN32 of the paper: one more layer, dilations 1, 2, 4, ..., 128, 1. */
    public static CanArchitecture can32() {
        return new CanArchitecture(32, standardDilations(9), 3, AUTHORS_EPSILON);
    }

    /**
     * The paper's schedule for {@code layers} 3x3 convolutions: exponentially growing dilation, then a
     * last layer of dilation 1 ({@code 1, 2, 4, ..., 2^(layers-2), 1}).
     */
    public static List<Integer> standardDilations(int layers) {
        if (layers < 2 || layers > 20) {
            throw new IllegalArgumentException("a standard schedule needs 2 to 20 layers, got " + layers);
        }
        List<Integer> dilations = new ArrayList<>();
        for (int i = 0; i < layers - 1; i++) {
            dilations.add(1 << i);
        }
        dilations.add(1);
        return dilations;
    }

    /**
     * How far an output pixel's inputs reach in each direction: the sum of the 3x3 layers' dilations
     * (CAN24: 128 px). Tiles need a halo this wide to reproduce the whole-image result.
     */
    public int receptiveRadius() {
        return dilations.stream().mapToInt(d -> d * (KERNEL_SIZE / 2)).sum();
    }

    /** Multiply-adds per output pixel: the 3x3 convolutions of every layer plus the final 1x1 (CAN24: 37.2K). */
    public long multiplyAddsPerPixel() {
        long total = (long) KERNEL_SIZE * KERNEL_SIZE * inputChannels * width
                + (long) KERNEL_SIZE * KERNEL_SIZE * width * width * (layers() - 1);
        return total + (long) width * OUTPUT_CHANNELS;
    }

    public int layers() {
        return dilations.size();
    }

    /** Number of trainable values (convolutions, BN offsets, the two scalars per layer, output conv). */
    public long trainableParameterCount() {
        long count = 0;
        int in = inputChannels;
        for (int i = 0; i < layers(); i++) {
            count += (long) KERNEL_SIZE * KERNEL_SIZE * in * width + width + 2;
            in = width;
        }
        return count + (long) width * OUTPUT_CHANNELS + OUTPUT_CHANNELS;
    }
}
