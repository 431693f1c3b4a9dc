package io.fastimage.web;

import io.fastimage.operator.OperatorRegistry.OperatorEntry;
import io.fastimage.pipeline.ProcessingPipeline.Comparison;
import java.util.Base64;
import java.util.Map;

/**
 * The answer of {@code POST /api/v1/operators/{id}/compare}: both results as PNG data URLs, how
 * closely they agree, and step durations in milliseconds.
 *
 * @param psnr in dB; {@code null} when the two results are identical (infinite PSNR)
 */
record ComparisonView(String operator, int width, int height, Double psnr, double ssim, boolean identical,
        Result fast, Result exact, Map<String, Double> timingsMillis) {

    /**
     * @param variant  the network variant that made the result ({@code null} for the exact one)
     * @param ensemble the size of its self-ensemble, 1 for one pass ({@code null} for the exact one)
     */
    record Result(String image, String modelVersion, String variant, Integer ensemble) {
    }

    /**
     * {@code fastVersion}, {@code fastVariant}, {@code fastEnsemble}: the version, variant and self-ensemble size of the
     * network that made the fast result.
     */
    static ComparisonView of(OperatorEntry entry, Comparison comparison, String fastVersion, String fastVariant,
                             int fastEnsemble) {
        boolean identical = Double.isInfinite(comparison.psnr());
        return new ComparisonView(entry.info().id(), comparison.width(), comparison.height(),
                identical ? null : comparison.psnr(), comparison.ssim(), identical,
                new Result(dataUrl(comparison.fastPng()), fastVersion, fastVariant, fastEnsemble),
                new Result(dataUrl(comparison.exactPng()), null, null, null),
                comparison.timings().millis());
    }

    private static String dataUrl(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }
}
