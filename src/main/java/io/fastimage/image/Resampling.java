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

    /**
     * {@code image} shrunk to {@code width}×{@code height} by area averaging as {@link #resize} does, without rounding
     * the averages to 8 bits: three planes (R, G, B), each {@code height·width} floats in [0, 1], row-major.
     *
     * @throws IllegalArgumentException when {@code width}×{@code height} is not within the image's own size
     */
    public static float[] shrinkToPlanes(Rgb8Image image, int width, int height) {
        if (width < 1 || height < 1 || width > image.width() || height > image.height()) {
            throw new IllegalArgumentException("cannot shrink a " + image.width() + "x" + image.height() + " image to "
                    + width + "x" + height);
        }
        OpenCv.ensureLoaded();
        Mat bytes = new Mat(image.height(), image.width(), CvType.CV_8UC3);
        Mat source = new Mat();
        Mat target = new Mat();
        try {
            bytes.put(0, 0, image.pixels());
            bytes.convertTo(source, CvType.CV_32FC3, 1.0 / 255);
            Imgproc.resize(source, target, new Size(width, height), 0, 0, Imgproc.INTER_AREA);
            float[] interleaved = new float[3 * width * height];
            target.get(0, 0, interleaved);
            int n = width * height;
            float[] planes = new float[3 * n];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < 3; c++) {
                    planes[c * n + i] = interleaved[3 * i + c];
                }
            }
            return planes;
        } finally {
            bytes.release();
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
