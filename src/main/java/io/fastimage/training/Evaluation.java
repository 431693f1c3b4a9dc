package io.fastimage.training;

import io.fastimage.image.ImageMetrics;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.ModelDescriptor.AccuracyMeasurement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** PSNR and SSIM of a network's output against the reference operator's, per image and averaged. */
public record Evaluation(List<ImageScore> images) {

    /**
     * One image's scores: PSNR (dB), SSIM, and the error in the outer {@link #BORDER_BAND} px relative to the
     * interior's ({@link ImageMetrics#borderErrorRatio}).
     */
    public record ImageScore(String name, int width, int height, double psnr, double ssim, double borderErrorRatio) {
    }

    /**
     * The accuracy metric of doing nothing: PSNR of the unchanged input against the exact operator's
     * output. A network is worth shipping only well above it.
     */
    public static final String DO_NOTHING_PSNR = "do-nothing-psnr-db";
    /** The accuracy metric of the frame: the worst image's error in the outer {@link #BORDER_BAND} px ÷ the interior's. */
    public static final String BORDER_ERROR_RATIO = "border-error-ratio";

    /** Width of the image border whose error is compared with the interior's. */
    public static final int BORDER_BAND = 4;

    public Evaluation {
        images = List.copyOf(images);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("nothing evaluated");
        }
    }

    /** Runs {@code network} on every pair's input and compares with the pair's target. */
    public static Evaluation of(UnaryOperator<Rgb8Image> network, List<TrainingPair> pairs) {
        return ofPairs(pair -> network.apply(pair.input()), pairs);
    }

    /**
     * Runs {@code network} on every pair (its input under its conditions, for networks with parameter or task
     * planes) and compares with the pair's target.
     */
    public static Evaluation ofPairs(Function<TrainingPair, Rgb8Image> network, List<TrainingPair> pairs) {
        List<ImageScore> scores = new ArrayList<>();
        for (TrainingPair pair : pairs) {
            Rgb8Image output = network.apply(pair);
            scores.add(new ImageScore(pair.name(), output.width(), output.height(),
                    ImageMetrics.psnr(output, pair.target()), ImageMetrics.ssim(output, pair.target()),
                    ImageMetrics.borderErrorRatio(output, pair.target(), BORDER_BAND)));
        }
        return new Evaluation(scores);
    }

    /**
     * The images whose {@code labels} entry (one per image, in order) equals {@code label}: one condition's share
     * of an evaluation over pairs made under several.
     */
    public Evaluation where(List<String> labels, String label) {
        if (labels.size() != images.size()) {
            throw new IllegalArgumentException(labels.size() + " labels for " + images.size() + " images");
        }
        List<ImageScore> chosen = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            if (labels.get(i).equals(label)) {
                chosen.add(images.get(i));
            }
        }
        return new Evaluation(chosen);
    }

    /** Mean PSNR over the images (of the per-image dB values, as the paper reports it). */
    public double meanPsnr() {
        return images.stream().mapToDouble(ImageScore::psnr).average().orElseThrow();
    }

    /** The largest border-to-interior error ratio over the images. */
    public double worstBorderErrorRatio() {
        return images.stream().mapToDouble(ImageScore::borderErrorRatio).max().orElseThrow();
    }

    public double meanSsim() {
        return images.stream().mapToDouble(ImageScore::ssim).average().orElseThrow();
    }

    /**
     * The accuracy a model.json records for a network: on the card photos PSNR, SSIM, doing nothing's PSNR
     * and the worst {@linkplain #worstBorderErrorRatio border-to-interior error ratio}; on the CI subset PSNR
     * and doing nothing's PSNR. dB to 2 decimals, SSIM to 4.
     */
    public static List<AccuracyMeasurement> accuracyEntries(Evaluation card, Evaluation cardBaseline, String cardLabel,
                                                            Evaluation ci, Evaluation ciBaseline, String ciLabel) {
        return List.of(
                new AccuracyMeasurement("psnr-db", round(card.meanPsnr(), 2), cardLabel),
                new AccuracyMeasurement("ssim", round(card.meanSsim(), 4), cardLabel),
                new AccuracyMeasurement(DO_NOTHING_PSNR, round(cardBaseline.meanPsnr(), 2), cardLabel),
                new AccuracyMeasurement(BORDER_ERROR_RATIO, round(card.worstBorderErrorRatio(), 2), cardLabel),
                new AccuracyMeasurement("psnr-db", round(ci.meanPsnr(), 2), ciLabel),
                new AccuracyMeasurement(DO_NOTHING_PSNR, round(ciBaseline.meanPsnr(), 2), ciLabel));
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
