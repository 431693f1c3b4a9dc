package io.fastimage.codec;

import io.fastimage.codec.ImageRejectedException.Reason;
import io.fastimage.image.Rgb8Image;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * Stored pixels as 8-bit interleaved samples, 1 to 4 per pixel, in OpenCV's order (grey, grey+alpha, BGR, BGRA),
 * with straight (unassociated) alpha: the one representation every decoding path reaches.
 */
record Interleaved(int width, int height, int channels, byte[] samples) {

    private static final int MAX_16_BIT = 0xFFFF;
    private static final int OPAQUE = 0xFF;

    boolean grey() {
        return channels <= 2;
    }

    /**
     * The samples of an OpenCV decode, 16-bit rounded to the nearest 8-bit value.
     *
     * @param transparentGrey for a one-channel Mat, the sample value (in the Mat's own range, 8 or 16 bits) that a
     *                        PNG {@code tRNS} chunk declares transparent, which then becomes an alpha channel; -1 for none
     */
    static Interleaved from(Mat mat, int transparentGrey) {
        int channels = mat.channels();
        if (channels < 1 || channels > 4) {
            throw new ImageRejectedException(Reason.UNSUPPORTED_TYPE,
                    "Images with " + channels + " channels are not supported.");
        }
        Mat continuous = mat.isContinuous() ? mat : mat.clone();
        try {
            int count = Math.multiplyExact(Math.multiplyExact(mat.cols(), mat.rows()), channels);
            byte[] samples = new byte[count];
            int[] keys = null; // the raw grey samples, kept only where tRNS needs comparing them at full depth
            boolean keyed = channels == 1 && transparentGrey >= 0;
            switch (mat.depth()) {
                case CvType.CV_8U -> continuous.get(0, 0, samples);
                case CvType.CV_16U -> {
                    short[] wide = new short[count];
                    continuous.get(0, 0, wide);
                    keys = keyed ? new int[count] : null;
                    for (int i = 0; i < count; i++) {
                        samples[i] = (byte) to8Bit(wide[i] & MAX_16_BIT);
                        if (keys != null) {
                            keys[i] = wide[i] & MAX_16_BIT;
                        }
                    }
                }
                default -> throw new ImageRejectedException(Reason.UNSUPPORTED_TYPE,
                        "Only 8- and 16-bit unsigned samples are supported (this image has float or signed samples).");
            }
            if (!keyed) {
                return new Interleaved(mat.cols(), mat.rows(), channels, samples);
            }
            byte[] withAlpha = new byte[count * 2];
            for (int i = 0; i < count; i++) {
                int raw = keys != null ? keys[i] : samples[i] & 0xFF;
                withAlpha[2 * i] = samples[i];
                withAlpha[2 * i + 1] = (byte) (raw == transparentGrey ? 0 : OPAQUE);
            }
            return new Interleaved(mat.cols(), mat.rows(), 2, withAlpha);
        } finally {
            if (continuous != mat) {
                continuous.release();
            }
        }
    }

    /** Nearest 8-bit value: round(v / 257), since 65535 / 255 = 257 exactly. */
    static int to8Bit(int sixteenBit) {
        return (sixteenBit + 128) / 257;
    }

    /**
     * This image (a frame) placed at ({@code x}, {@code y}) on a transparent {@code canvasWidth × canvasHeight}
     * canvas, cut at the canvas edges; the same image when it already fills the canvas.
     */
    Interleaved onCanvas(int canvasWidth, int canvasHeight, int x, int y) {
        if (x == 0 && y == 0 && width == canvasWidth && height == canvasHeight) {
            return this;
        }
        int colour = grey() ? 1 : 3;
        int outChannels = colour + 1;
        byte[] canvas = new byte[canvasWidth * canvasHeight * outChannels];
        for (int row = 0; row < height && y + row < canvasHeight; row++) {
            for (int col = 0; col < width && x + col < canvasWidth; col++) {
                int s = (row * width + col) * channels;
                int d = ((y + row) * canvasWidth + x + col) * outChannels;
                System.arraycopy(samples, s, canvas, d, colour);
                canvas[d + colour] = channels > colour ? samples[s + colour] : (byte) OPAQUE;
            }
        }
        return new Interleaved(canvasWidth, canvasHeight, outChannels, canvas);
    }

    DecodedImage toUpright(Orientation orientation, ImageFormat format) {
        int n = width * height;
        byte[] rgb = new byte[n * 3];
        boolean hasAlpha = channels == 2 || channels == 4;
        byte[] alpha = hasAlpha ? new byte[n] : null;
        for (int i = 0; i < n; i++) {
            int s = i * channels;
            int d = i * 3;
            if (channels <= 2) {
                rgb[d] = rgb[d + 1] = rgb[d + 2] = samples[s];
            } else {
                rgb[d] = samples[s + 2];
                rgb[d + 1] = samples[s + 1];
                rgb[d + 2] = samples[s];
            }
            if (hasAlpha) {
                alpha[i] = samples[s + channels - 1];
            }
        }
        int uprightWidth = orientation.swapsWidthAndHeight() ? height : width;
        int uprightHeight = orientation.swapsWidthAndHeight() ? width : height;
        Rgb8Image upright = new Rgb8Image(uprightWidth, uprightHeight, orientation.apply(rgb, width, height, 3));
        return new DecodedImage(upright, hasAlpha ? orientation.apply(alpha, width, height, 1) : null, format);
    }
}
