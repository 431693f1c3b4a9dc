package io.fastimage.model.guided;

import io.fastimage.model.can.ContextAggregationNetwork;
import java.util.Arrays;

/**
 * The learned guidance map G of a {@link GuidedFilterNetwork} as plain arrays, for the full-resolution stage in
 * Java: {@code G(x) = W2·lrelu(λ·h + μ·((h − m)/√(v + e) + β)) + c} with {@code h = W1·x} per pixel, where m and
 * v are the per-image mean and (biased) variance of each channel of h.
 *
 * @param weight1 C×3, row-major (output channel, input plane)
 * @param beta    C offsets of the normalization
 * @param lambda  weight of the identity branch of the adaptive normalization
 * @param mu      weight of the normalized branch
 * @param weight2 3×C, row-major
 * @param bias2   3
 * @param epsilon batch-norm epsilon
 */
record GuidanceMap(float[] weight1, float[] beta, float lambda, float mu, float[] weight2, float[] bias2,
                   float epsilon) {

    int channels() {
        return beta.length;
    }

    /**
     * The map for one image as a per-pixel affine-then-activation: the statistics of h follow from the image's
     * per-plane means and 3×3 covariance, because h is linear in x (so one pass over the photo, not over C
     * channels, gives them). Returns {@code [scale (C), shift (C)]} with {@code λh + μ·BN(h) = scale·h + shift}.
     *
     * @param mean       per-plane mean of the input, 3 values in [0, 1]
     * @param covariance 3×3 biased covariance of the input planes, row-major
     */
    float[][] fold(double[] mean, double[] covariance) {
        int c = channels();
        float[] scale = new float[c];
        float[] shift = new float[c];
        for (int k = 0; k < c; k++) {
            double m = 0;
            double v = 0;
            for (int i = 0; i < 3; i++) {
                m += weight1[3 * k + i] * mean[i];
                for (int j = 0; j < 3; j++) {
                    v += weight1[3 * k + i] * weight1[3 * k + j] * covariance[3 * i + j];
                }
            }
            double inverseStd = 1 / Math.sqrt(Math.max(v, 0) + epsilon);
            scale[k] = (float) (lambda + mu * inverseStd);
            shift[k] = (float) (mu * (beta[k] - m * inverseStd));
        }
        return new float[][] {scale, shift};
    }

    /**
     * G along a row: {@code x} holds the 3 input planes and {@code out} gets the 3 output planes, each of at least
     * {@code width} values. Per pixel the arithmetic and its order are the formula's (hidden channels summed in
     * order); the channel loop is outermost so that each step is one loop over the row.
     */
    void apply(float[][] x, float[] scale, float[] shift, int width, float[][] out) {
        float[] x0 = x[0];
        float[] x1 = x[1];
        float[] x2 = x[2];
        float[] out0 = out[0];
        float[] out1 = out[1];
        float[] out2 = out[2];
        Arrays.fill(out0, 0, width, bias2[0]);
        Arrays.fill(out1, 0, width, bias2[1]);
        Arrays.fill(out2, 0, width, bias2[2]);
        int c = channels();
        for (int k = 0; k < c; k++) {
            float w0 = weight1[3 * k];
            float w1 = weight1[3 * k + 1];
            float w2 = weight1[3 * k + 2];
            float s = scale[k];
            float t = shift[k];
            float v0 = weight2[k];
            float v1 = weight2[c + k];
            float v2 = weight2[2 * c + k];
            for (int i = 0; i < width; i++) {
                float h = w0 * x0[i] + w1 * x1[i] + w2 * x2[i];
                float a = s * h + t;
                // Leaky ReLU as a max (the slope is below 1), which the JIT vectorizes; the same value as the branch.
                float activated = Math.max(a, a * ContextAggregationNetwork.LEAKY_SLOPE);
                out0[i] += v0 * activated;
                out1[i] += v1 * activated;
                out2[i] += v2 * activated;
            }
        }
    }
}
