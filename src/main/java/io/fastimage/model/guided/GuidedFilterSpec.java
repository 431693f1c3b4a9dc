package io.fastimage.model.guided;

import io.fastimage.model.NetworkSpec;
import io.fastimage.model.can.CanArchitecture;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A deep guided filter network as a model directory declares it (Wu, Zheng, Zhang, Huang, CVPR 2018).
 *
 * @param lowResolutionShortSide the shorter side, in pixels, of the copy the CAN runs on (16–2048; see
 *                               {@link LowResolution})
 * @param radius                 box radius r of the guided filtering layer at low resolution, pixels (1–16)
 * @param epsilon                regularisation ε of {@code A = cov/(var + ε)}, in squared [0, 1] units, in [1e-6, 1)
 * @param guidanceChannels       hidden channels of the learned guidance map (1×1 conv 3→C, adaptive normalization,
 *                               leaky ReLU, 1×1 conv C→3), or 0 for guide = the input itself (1–64 otherwise)
 * @param network                the low-resolution CAN; its batch normalization always uses per-image statistics
 *                               (at low resolution it sees the whole photo, so they are exact); its
 *                               {@code symmetricPadding} mirrors the low-resolution copy beyond its border inside the
 *                               block (the photo itself is never padded: {@link #symmetricPadding()} stays 0)
 */
public record GuidedFilterSpec(int lowResolutionShortSide, int radius, double epsilon, int guidanceChannels,
                               CanArchitecture network) implements NetworkSpec {

    static final int MIN_SHORT_SIDE = 16;
    static final int MAX_SHORT_SIDE = 2048;
    static final int MAX_RADIUS = 16;
    /** Below this, float32 rounding of var(I) (values in [0, 1]) can make var + ε zero or negative: A turns infinite. */
    static final double MIN_EPSILON = 1e-6;
    static final int MAX_GUIDANCE_CHANNELS = 64;
    /** Multiply-adds per output pixel and channel of the full-resolution stage: two bilinear taps of A and b, A·I + b. */
    private static final int UPSAMPLE_MULTIPLY_ADDS = 2 * 6 + 1;

    public GuidedFilterSpec {
        Objects.requireNonNull(network, "network");
        requireLayer(lowResolutionShortSide, radius, epsilon);
        if (guidanceChannels < 0 || guidanceChannels > MAX_GUIDANCE_CHANNELS) {
            throw new IllegalArgumentException("guidanceChannels must be 0–" + MAX_GUIDANCE_CHANNELS + ", got "
                    + guidanceChannels);
        }
        if (network.inputChannels() != 3) {
            throw new IllegalArgumentException("the low-resolution CAN takes 3 channels, got " + network.inputChannels());
        }
    }

    /**
     * Checks the guided filtering layer's parameters, for callers that check before expensive work (and for this
     * record's own constructor).
     *
     * @throws IllegalArgumentException when the short side is outside {@value #MIN_SHORT_SIDE}–{@value #MAX_SHORT_SIDE}
     *                                  px, the radius outside 1–{@value #MAX_RADIUS} px or ε outside [{@value #MIN_EPSILON}, 1)
     */
    public static void requireLayer(int lowResolutionShortSide, int radius, double epsilon) {
        if (lowResolutionShortSide < MIN_SHORT_SIDE || lowResolutionShortSide > MAX_SHORT_SIDE) {
            throw new IllegalArgumentException("the low-resolution short side must be " + MIN_SHORT_SIDE + "–"
                    + MAX_SHORT_SIDE + " px, got " + lowResolutionShortSide);
        }
        if (radius < 1 || radius > MAX_RADIUS) {
            throw new IllegalArgumentException("the radius must be 1–" + MAX_RADIUS + " px, got " + radius);
        }
        if (!(epsilon >= MIN_EPSILON) || epsilon >= 1) {
            throw new IllegalArgumentException("epsilon must be in [" + MIN_EPSILON + ", 1), got " + epsilon);
        }
    }

    @Override
    public String type() {
        return GuidedFilterKind.TYPE;
    }

    /** Empty: the CAN needs the whole low-resolution photo at once; the full-resolution stage is streamed instead. */
    @Override
    public OptionalInt receptiveRadius() {
        return OptionalInt.empty();
    }

    /** The full-resolution stage's multiply-adds per output pixel (guidance map included); the CAN's are in {@link #multiplyAdds}. */
    @Override
    public long multiplyAddsPerPixel() {
        long guidance = guidanceChannels == 0 ? 0 : 2L * 3 * guidanceChannels + guidanceChannels;
        return 3L * UPSAMPLE_MULTIPLY_ADDS + guidance;
    }

    /** The full-resolution stage plus the CAN and the guided filtering layer on the low-resolution copy. */
    @Override
    public double multiplyAdds(int width, int height) {
        int[] low = LowResolution.size(width, height, lowResolutionShortSide);
        double lowPixels = (double) low[0] * low[1];
        long lowGuidance = guidanceChannels == 0 ? 0 : 2L * 3 * guidanceChannels + guidanceChannels;
        // Four box means and the per-pixel algebra of A and b, per channel: about 12 operations.
        long filter = 3L * 12;
        return lowPixels * (network.multiplyAddsPerPixel() + lowGuidance + filter)
                + (double) multiplyAddsPerPixel() * width * height;
    }

    @Override
    public String summary() {
        return String.format(Locale.ROOT, "guided filter (short side %d px, r %d, ε %s, %s) over CAN%d, dilations %s",
                lowResolutionShortSide, radius, epsilon, guidanceChannels == 0 ? "guide = input"
                        : "guidance map " + guidanceChannels + " channels", network.width(), network.dilations());
    }

    @Override
    public String cardTitle() {
        return "deep guided filter network";
    }

    @Override
    public Map<String, String> cardRows() {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("architecture", summary() + ", " + trainableParameterCount()
                + " trainable values; A and b upsampled bilinearly (align_corners = false), output A·I + b");
        rows.put("low-resolution copy", "area averaging to a " + lowResolutionShortSide + " px short side"
                + (network.symmetricPadding() > 0 ? ", mirrored " + network.symmetricPadding()
                + " px beyond its border (half-sample symmetric) for the CAN" : ""));
        rows.put("normalization statistics", "per-image (the CAN sees the whole low-resolution photo)");
        return rows;
    }

    /** The CAN's trainable values plus the guidance map's. */
    public long trainableParameterCount() {
        long guidance = guidanceChannels == 0 ? 0 : 3L * guidanceChannels + guidanceChannels + 2 + 3L * guidanceChannels + 3;
        return network.trainableParameterCount() + guidance;
    }

    @Override
    public GuidedFilterNetwork newBlock() {
        return new GuidedFilterNetwork(this, GuidedFilterNetwork.Initialization.XAVIER);
    }
}
