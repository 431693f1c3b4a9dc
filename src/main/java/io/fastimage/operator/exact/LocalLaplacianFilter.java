package io.fastimage.operator.exact;

import io.fastimage.operator.Cancellation;
import java.util.ArrayList;
import java.util.List;

/**
 * Local Laplacian filtering of a grey plane (Paris, Hasinoff, Kautz 2011) in the fast form of Aubry,
 * Paris, Hasinoff, Kautz and Durand 2014. The exact filter remaps the image around every pyramid
 * coefficient's own Gaussian value {@code g}; the fast form remaps the whole image around a few
 * sampled references {@code g_k}, takes the Laplacian pyramid of each, and gives every output
 * coefficient the linear interpolation, in {@code g}, of the two pyramids whose references bracket
 * its Gaussian value. The coarsest level is the input's own residual.
 */
public final class LocalLaplacianFilter {

    /** A point-wise remapping {@code r(i, g)} of intensity {@code i} around the reference {@code g}. */
    @FunctionalInterface
    public interface Remapping {
        double remap(double intensity, double reference);
    }

    private final int referenceLevels;

    /** @param referenceLevels number of sampled references, spread evenly over the input's range (at least 2) */
    public LocalLaplacianFilter(int referenceLevels) {
        if (referenceLevels < 2) {
            throw new IllegalArgumentException("need at least 2 reference levels, got " + referenceLevels);
        }
        this.referenceLevels = referenceLevels;
    }

    /**
     * Detail remapping of Aubry et al.: differences to the reference much smaller than {@code sigmaR}
     * are multiplied by {@code detailFactor}, much larger ones (edges) are kept; a factor of 1 is the
     * identity. (Aubry et al.'s {@code fact} is {@code detailFactor - 1}.)
     */
    public static Remapping detail(double sigmaR, double detailFactor) {
        double gain = detailFactor - 1;
        double scale = 1 / (2 * sigmaR * sigmaR);
        return (i, g) -> {
            double d = i - g;
            return i + gain * d * Math.exp(-d * d * scale);
        };
    }

    public double[] apply(double[] grey, int width, int height, Remapping remapping) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : grey) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        int levels = ImagePyramid.levelCount(width, height);
        if (!(hi > lo) || levels == 1) {
            // A constant (or one-pixel-high) image has no detail to remap.
            return grey.clone();
        }
        List<ImagePyramid.Level> gauss = ImagePyramid.gaussian(grey, width, height, levels);
        List<ImagePyramid.Level> output = new ArrayList<>(levels);
        for (int l = 0; l < levels - 1; l++) {
            ImagePyramid.Level g = gauss.get(l);
            output.add(new ImagePyramid.Level(g.width(), g.height(), new double[g.values().length]));
        }
        output.add(gauss.get(levels - 1));
        // Gaussian levels are convex combinations of the input, so they stay inside [lo, hi].
        double step = (hi - lo) / (referenceLevels - 1);
        double[] remapped = new double[grey.length];
        for (int k = 0; k < referenceLevels; k++) {
            Cancellation.checkpoint();
            double reference = lo + k * step;
            for (int i = 0; i < grey.length; i++) {
                remapped[i] = remapping.remap(grey[i], reference);
            }
            List<ImagePyramid.Level> bands = ImagePyramid.laplacian(remapped, width, height, levels);
            for (int l = 0; l < levels - 1; l++) {
                accumulate(gauss.get(l).values(), bands.get(l).values(), output.get(l).values(), reference, step);
            }
        }
        return ImagePyramid.collapse(output);
    }

    /** Adds the hat-function weight {@code 1 - |g - reference| / step} of this reference's band. */
    private static void accumulate(double[] gauss, double[] band, double[] out, double reference, double step) {
        for (int i = 0; i < out.length; i++) {
            double d = Math.abs(gauss[i] - reference);
            if (d < step) {
                out[i] += (1 - d / step) * band[i];
            }
        }
    }
}
