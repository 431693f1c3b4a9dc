package io.fastimage.training;

import io.fastimage.image.ImageMetrics;
import io.fastimage.image.Rgb8Image;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

/**
 * Three properties of an exact operator that bound how well any context aggregation network can imitate it,
 * measured with the operator alone. A CAN is translation-equivariant (the same weights at every pixel) and
 * an output pixel sees only the square of side {@code 2r + 1} around it, {@code r} its receptive radius.
 * <ul>
 * <li><b>Shift</b>: the operator on the image and on the image without its first {@code shift} rows and
 * columns, compared where the two overlap, {@code margin} pixels away from every border. An operator that
 * treats every position alike gives the same pixels; one that anchors a pattern to image coordinates (the
 * pencil texture) does not, and no network can know where the pattern lies. When the anchored parts of the
 * two placements are uncorrelated, the best position-free output is their average, about 3 dB better than
 * this number.</li>
 * <li><b>Window</b>: the operator on windows of side {@code 2r + 1}, each compared at its central block with
 * the whole-image result. Low values mean the output depends on content the network cannot see (a
 * whole-image histogram, an atmospheric light chosen from the brightest pixels anywhere). It is an
 * indication, not a bound: a network may guess the missing context better than the operator run on the
 * window alone. Windows start every {@code step} pixels: the side, so they tile the image, or the period of
 * a pattern the operator anchors to image coordinates (the pencil texture's 256 px), so each window holds
 * the pattern where the whole image has it and the score sees the context alone, as a network given the
 * pattern as an input plane would.</li>
 * <li><b>Mirrored border</b>: the operator on the image extended by {@code radius} px mirrored about its edge
 * (half-sample symmetric, as a network's {@code symmetricPadding} extends it), cut back, compared with the
 * operator's output over the outer {@link Evaluation#BORDER_BAND} px. A network shown the mirrored photo sees no
 * border there; an operator whose boundary condition is another (a periodic FFT solve, a zero-padded filter, windows
 * truncated at the edge) treats its border pixels otherwise, and a network that has not learned that adds this error
 * in the band: with an interior error {@code e}, its frame (border ÷ interior error) is then about
 * {@code 1 + (this band's error) / e}. Infinite PSNR means the operator's border is the mirror's.</li>
 * </ul>
 */
public final class ImitationLimits {

    private ImitationLimits() {
    }

    /** PSNR in dB between the operator's output and its output on the image shifted by {@code shift} pixels. */
    public static double shiftPsnr(UnaryOperator<Rgb8Image> operator, Rgb8Image image, int shift, int margin) {
        requireShiftFits(image, shift, margin);
        return ImageMetrics.psnr(shiftError(operator, image, operator.apply(image), shift, margin));
    }

    /** All three measurements, the whole-image output computed once; windows start every {@code step} px. */
    public static Scores measure(UnaryOperator<Rgb8Image> operator, Rgb8Image image, int shift, int radius, int blockRadius,
            int step) {
        requireShiftFits(image, shift, radius);
        requireWindowsFit(image, radius, blockRadius, step);
        Rgb8Image whole = operator.apply(image);
        ImageMetrics.BandErrors mirrored = mirroredErrors(operator, image, whole, radius);
        return new Scores(shiftError(operator, image, whole, shift, radius),
                windowError(operator, image, whole, radius, blockRadius, step), mirrored.border(), mirrored.interior());
    }

    /**
     * One image's mean squared errors (0..255 scale) of the shift, the windows and the mirrored run over the border
     * band, and the mirrored run's inside the band: a whole-photo operator (a histogram, an airlight) changes everywhere
     * when the photo grows, and only the border's excess over it is the border's. Errors, so that several images
     * average before they become PSNRs; the accessors ending in {@code Psnr} give each in dB.
     */
    public record Scores(double shiftError, double windowError, double mirroredBorderError, double mirroredInteriorError) {

        /**
         * The images' mean errors, each measurement averaged on its own.
         *
         * @throws IllegalArgumentException when {@code images} is empty
         */
        public static Scores mean(List<Scores> images) {
            if (images.isEmpty()) {
                throw new IllegalArgumentException("no images to average");
            }
            return new Scores(average(images, Scores::shiftError), average(images, Scores::windowError),
                    average(images, Scores::mirroredBorderError), average(images, Scores::mirroredInteriorError));
        }

        private static double average(List<Scores> images, ToDoubleFunction<Scores> error) {
            return images.stream().mapToDouble(error).average().orElseThrow();
        }

        public double shiftPsnr() {
            return ImageMetrics.psnr(shiftError);
        }

        public double windowPsnr() {
            return ImageMetrics.psnr(windowError);
        }

        public double mirroredBorderPsnr() {
            return ImageMetrics.psnr(mirroredBorderError);
        }

        public double mirroredInteriorPsnr() {
            return ImageMetrics.psnr(mirroredInteriorError);
        }
    }

    /**
     * PSNR in dB over the outer {@link Evaluation#BORDER_BAND} px between the operator's output and the operator run
     * on the image mirrored {@code margin} px beyond its border, that margin cut away.
     *
     * @throws IllegalArgumentException if {@code margin < 1} or the image has no interior beyond the band
     */
    public static double mirroredBorderPsnr(UnaryOperator<Rgb8Image> operator, Rgb8Image image, int margin) {
        if (margin < 1) {
            throw new IllegalArgumentException("the mirrored margin must be at least 1 px, got " + margin);
        }
        return ImageMetrics.psnr(mirroredErrors(operator, image, operator.apply(image), margin).border());
    }

    private static ImageMetrics.BandErrors mirroredErrors(UnaryOperator<Rgb8Image> operator, Rgb8Image image,
            Rgb8Image whole, int margin) {
        Rgb8Image mirrored = operator.apply(image.cropMirrored(-margin, -margin, image.width() + 2 * margin,
                image.height() + 2 * margin)).crop(margin, margin, image.width(), image.height());
        return ImageMetrics.bandErrors(whole, mirrored, Evaluation.BORDER_BAND);
    }

    private static double shiftError(UnaryOperator<Rgb8Image> operator, Rgb8Image image, Rgb8Image whole, int shift,
            int margin) {
        int width = image.width() - shift - 2 * margin;
        int height = image.height() - shift - 2 * margin;
        Rgb8Image shifted = operator.apply(image.crop(shift, shift, image.width() - shift, image.height() - shift));
        return ImageMetrics.meanSquaredError(whole.crop(shift + margin, shift + margin, width, height),
                shifted.crop(margin, margin, width, height));
    }

    /**
     * PSNR in dB between the whole-image output and the operator run on windows of side {@code 2 * radius + 1},
     * over the central {@code 2 * blockRadius + 1} square of each window; the windows start at the multiples of
     * {@code step} px (the side: they tile the image without overlap; less: they overlap).
     *
     * @throws IllegalArgumentException if no window fits the image, the block is larger than the window, or
     *                                  {@code step < 1}
     */
    public static double windowPsnr(UnaryOperator<Rgb8Image> operator, Rgb8Image image, int radius, int blockRadius,
            int step) {
        requireWindowsFit(image, radius, blockRadius, step);
        return ImageMetrics.psnr(windowError(operator, image, operator.apply(image), radius, blockRadius, step));
    }

    private static double windowError(UnaryOperator<Rgb8Image> operator, Rgb8Image image, Rgb8Image whole, int radius,
            int blockRadius, int step) {
        int side = 2 * radius + 1;
        int block = 2 * blockRadius + 1;
        double squaredErrorSum = 0;
        int blocks = 0;
        for (int cy = radius; cy + radius < image.height(); cy += step) {
            for (int cx = radius; cx + radius < image.width(); cx += step) {
                Rgb8Image window = operator.apply(image.crop(cx - radius, cy - radius, side, side));
                squaredErrorSum += ImageMetrics.meanSquaredError(
                        whole.crop(cx - blockRadius, cy - blockRadius, block, block),
                        window.crop(radius - blockRadius, radius - blockRadius, block, block));
                blocks++;
            }
        }
        return squaredErrorSum / blocks;
    }

    private static void requireShiftFits(Rgb8Image image, int shift, int margin) {
        if (shift < 1 || margin < 0 || image.width() - shift - 2 * margin < 1 || image.height() - shift - 2 * margin < 1) {
            throw new IllegalArgumentException("a shift of " + shift + " px and margins of " + margin + " px leave nothing of "
                    + image.width() + "x" + image.height() + " to compare");
        }
    }

    private static void requireWindowsFit(Rgb8Image image, int radius, int blockRadius, int step) {
        int side = 2 * radius + 1;
        if (step < 1) {
            throw new IllegalArgumentException("windows must start at least 1 px apart, not " + step);
        }
        if (radius < 1 || blockRadius < 0 || blockRadius > radius || side > image.width() || side > image.height()) {
            throw new IllegalArgumentException("windows of " + side + " px with blocks of " + (2 * blockRadius + 1)
                    + " px do not fit " + image.width() + "x" + image.height());
        }
    }
}
