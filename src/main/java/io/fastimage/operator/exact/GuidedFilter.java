package io.fastimage.operator.exact;

/**
 * The guided filter of He, Sun and Tang (ECCV 2010) with a grey guide: in every window the output is
 * a linear function {@code a I + b} of the guide {@code I} fitted to the input by ridge regression,
 * and each pixel averages the coefficients of the windows that hold it. Windows are truncated at the
 * border and means divide by the pixels they hold, so the cost is O(N) for any radius.
 */
public final class GuidedFilter {

    private final int radius;
    private final double epsilon;

    /**
     * @param radius  window radius: windows are {@code (2 radius + 1)^2}
     * @param epsilon regularisation of the slope {@code a}; larger smooths more across weak edges
     */
    public GuidedFilter(int radius, double epsilon) {
        if (radius < 0 || !(epsilon > 0)) {
            throw new IllegalArgumentException("radius must be >= 0 and epsilon > 0");
        }
        this.radius = radius;
        this.epsilon = epsilon;
    }

    public double[] filter(double[] guide, double[] input, int width, int height) {
        int n = width * height;
        if (guide.length != n || input.length != n) {
            throw new IllegalArgumentException("guide and input must hold width*height values");
        }
        double[] guideSquared = new double[n];
        double[] guideTimesInput = new double[n];
        for (int i = 0; i < n; i++) {
            guideSquared[i] = guide[i] * guide[i];
            guideTimesInput[i] = guide[i] * input[i];
        }
        double[] meanGuide = BoxFilter.mean(guide, width, height, radius);
        double[] meanInput = BoxFilter.mean(input, width, height, radius);
        double[] meanGuideSquared = BoxFilter.mean(guideSquared, width, height, radius);
        double[] meanGuideTimesInput = BoxFilter.mean(guideTimesInput, width, height, radius);
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            double variance = meanGuideSquared[i] - meanGuide[i] * meanGuide[i];
            double covariance = meanGuideTimesInput[i] - meanGuide[i] * meanInput[i];
            a[i] = covariance / (variance + epsilon);
            b[i] = meanInput[i] - a[i] * meanGuide[i];
        }
        double[] meanA = BoxFilter.mean(a, width, height, radius);
        double[] meanB = BoxFilter.mean(b, width, height, radius);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = meanA[i] * guide[i] + meanB[i];
        }
        return out;
    }
}
