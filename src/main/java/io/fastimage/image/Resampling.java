package io.fastimage.image;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** Image scaling with OpenCV: area averaging to shrink, bicubic to enlarge. */
public final class Resampling {

    private Resampling() {
    }

    public static Rgb8Image resize(Rgb8Image image, int width, int height) {
        OpenCv.ensureLoaded();
        Mat source = new Mat(image.height(), image.width(), CvType.CV_8UC3);
        Mat target = new Mat();
        try {
            source.put(0, 0, image.pixels());
            boolean shrinking = (long) width * height < image.pixelCount();
            Imgproc.resize(source, target, new Size(width, height), 0, 0, shrinking ? Imgproc.INTER_AREA : Imgproc.INTER_CUBIC);
            byte[] pixels = new byte[width * height * 3];
            target.get(0, 0, pixels);
            return new Rgb8Image(width, height, pixels);
        } finally {
            source.release();
            target.release();
        }
    }

    /** Scaled to about {@code megapixels}, aspect ratio kept. */
    public static Rgb8Image toMegapixels(Rgb8Image image, double megapixels) {
        double scale = Math.sqrt(megapixels * 1e6 / image.pixelCount());
        return resize(image, Math.max(1, (int) Math.round(image.width() * scale)),
                Math.max(1, (int) Math.round(image.height() * scale)));
    }

    /** Scaled so that the longer side is {@code longSide} pixels, aspect ratio kept (unchanged if it already is). */
    public static Rgb8Image toLongSide(Rgb8Image image, int longSide) {
        double scale = (double) longSide / Math.max(image.width(), image.height());
        if (scale == 1) {
            return image;
        }
        return resize(image, Math.max(1, (int) Math.round(image.width() * scale)),
                Math.max(1, (int) Math.round(image.height() * scale)));
    }
}
