package io.fastimage.model.guided;

import io.fastimage.model.can.ContextAggregationNetwork;

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

    /** G at one pixel: {@code x} holds its 3 plane values, {@code hidden} is C scratch values, {@code out} gets 3. */
    void apply(float[] x, float[] scale, float[] shift, float[] hidden, float[] out) {
        int c = channels();
        for (int k = 0; k < c; k++) {
            float h = weight1[3 * k] * x[0] + weight1[3 * k + 1] * x[1] + weight1[3 * k + 2] * x[2];
            float a = scale[k] * h + shift[k];
            hidden[k] = a > 0 ? a : a * ContextAggregationNetwork.LEAKY_SLOPE;
        }
        for (int o = 0; o < 3; o++) {
            float sum = bias2[o];
            for (int k = 0; k < c; k++) {
                sum += weight2[o * c + k] * hidden[k];
            }
            out[o] = sum;
        }
    }
}
