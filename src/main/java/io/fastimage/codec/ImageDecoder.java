package io.fastimage.codec;

import io.fastimage.codec.ImageHeaderReader.Inspection;
import io.fastimage.codec.ImageRejectedException.Reason;
import io.fastimage.image.OpenCv;
import io.fastimage.image.Rgb8Image;
import java.util.Objects;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Turns an upload into upright 8-bit RGB plus an optional alpha plane, refusing it as early as possible:
 * byte limit, then magic bytes, then the size declared by the header against the pixel limit (before any
 * pixel buffer exists), and only then OpenCV's decoder. Immutable and safe to share between threads.
 */
public final class ImageDecoder {

    /** The native decoding step, separate so tests can prove it is never reached for refused uploads. */
    interface PixelDecoder {
        /** Decoded pixels exactly as stored (no orientation, no conversion), or an empty Mat. */
        Mat decode(byte[] bytes);
    }

    private static final int MAX_16_BIT = 0xFFFF;
    /** Whatever the configured limit, four samples per pixel must fit one Java array. */
    private static final long MAX_ARRAY_PIXELS = (Integer.MAX_VALUE - 8) / 4;

    private final DecodeLimits limits;
    private final PixelDecoder pixelDecoder;

    public ImageDecoder(DecodeLimits limits) {
        this(limits, ImageDecoder::decodeWithOpenCv);
    }

    ImageDecoder(DecodeLimits limits, PixelDecoder pixelDecoder) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.pixelDecoder = Objects.requireNonNull(pixelDecoder, "pixelDecoder");
    }

    public DecodeLimits limits() {
        return limits;
    }

    /**
     * The checks that cost nothing, without decoding: byte count, known format, readable header, and
     * the pixel count it declares. Callers run it before queueing work; {@link #decode} runs it too.
     *
     * @return the header as stored (before orientation)
     */
    public ImageHeader checkLimits(byte[] bytes) throws ImageRejectedException {
        return inspectWithinLimits(bytes).header();
    }

    private Inspection inspectWithinLimits(byte[] bytes) {
        if (bytes.length > limits.maxBytes()) {
            throw new ImageRejectedException(Reason.TOO_MANY_BYTES,
                    "The upload is larger than the limit of " + limits.maxBytes() + " bytes.");
        }
        Inspection inspection = ImageHeaderReader.inspect(bytes);
        ImageHeader header = inspection.header();
        long pixelLimit = Math.min(limits.maxPixels(), MAX_ARRAY_PIXELS);
        if (header.pixelCount() > pixelLimit) {
            throw new ImageRejectedException(Reason.TOO_MANY_PIXELS, "The image is " + header.width() + "x" + header.height()
                    + " = " + header.pixelCount() + " pixels, more than the limit of " + pixelLimit + ".");
        }
        return inspection;
    }

    /**
     * Decodes {@code bytes} (the whole file).
     *
     * @throws ImageRejectedException for the first check that fails, in the order described on this class
     */
    public DecodedImage decode(byte[] bytes) throws ImageRejectedException {
        Inspection inspection = inspectWithinLimits(bytes);
        ImageHeader header = inspection.header();
        if (header.format() == ImageFormat.JPEG) {
            requireEndOfImage(bytes, inspection.jpegFrameOffset());
        }

        Mat stored = decodePixels(bytes);
        Interleaved pixels;
        try {
            if (stored.empty()) {
                throw ImageRejectedException.undecodable("The " + header.format().name() + " image data cannot be decoded.");
            }
            boolean turned = inspection.decoderTurnsUpright() && inspection.orientation().swapsWidthAndHeight();
            if (stored.cols() != (turned ? header.height() : header.width())
                    || stored.rows() != (turned ? header.width() : header.height())) {
                throw ImageRejectedException.undecodable("The " + header.format().name()
                        + " image data does not match the size its header declares.");
            }
            pixels = Interleaved.from(stored);
        } finally {
            stored.release();
        }
        Orientation stillToApply = inspection.decoderTurnsUpright() ? Orientation.NORMAL : inspection.orientation();
        return pixels.toUpright(stillToApply, header.format());
    }

    private Mat decodePixels(byte[] bytes) {
        try {
            return pixelDecoder.decode(bytes);
        } catch (RuntimeException nativeFailure) {
            // OpenCV's message names source files and internal state: not for users.
            throw ImageRejectedException.undecodable("The image data cannot be decoded.");
        }
    }

    private static Mat decodeWithOpenCv(byte[] bytes) {
        OpenCv.ensureLoaded();
        MatOfByte encoded = new MatOfByte(bytes);
        try {
            // UNCHANGED keeps 16-bit samples, grey and alpha visible (and ignores EXIF: we apply it ourselves).
            return Imgcodecs.imdecode(encoded, Imgcodecs.IMREAD_UNCHANGED);
        } finally {
            encoded.release();
        }
    }

    /**
     * libjpeg fills a truncated scan with grey and only warns, so a cut-off upload would "decode". The
     * end-of-image marker cannot occur inside entropy-coded data, so its absence after the frame header
     * means the file is incomplete.
     */
    private static void requireEndOfImage(byte[] bytes, int frameOffset) {
        for (int i = bytes.length - 2; i > frameOffset; i--) {
            if (bytes[i] == (byte) 0xFF && bytes[i + 1] == (byte) 0xD9) {
                return;
            }
        }
        throw ImageRejectedException.undecodable("The JPEG is truncated (no end-of-image marker).");
    }

    /** Stored pixels as 8-bit interleaved samples, 1 to 4 per pixel, in OpenCV's order (grey, grey+alpha, BGR, BGRA). */
    private record Interleaved(int width, int height, int channels, byte[] samples) {

        static Interleaved from(Mat mat) {
            int channels = mat.channels();
            if (channels < 1 || channels > 4) {
                throw new ImageRejectedException(Reason.UNSUPPORTED_TYPE,
                        "Images with " + channels + " channels are not supported.");
            }
            Mat continuous = mat.isContinuous() ? mat : mat.clone();
            try {
                int count = Math.multiplyExact(Math.multiplyExact(mat.cols(), mat.rows()), channels);
                byte[] samples = new byte[count];
                switch (mat.depth()) {
                    case CvType.CV_8U -> continuous.get(0, 0, samples);
                    case CvType.CV_16U -> {
                        short[] wide = new short[count];
                        continuous.get(0, 0, wide);
                        for (int i = 0; i < count; i++) {
                            // Nearest 8-bit value: round(v / 257), since 65535 / 255 = 257 exactly.
                            samples[i] = (byte) (((wide[i] & MAX_16_BIT) + 128) / 257);
                        }
                    }
                    default -> throw new ImageRejectedException(Reason.UNSUPPORTED_TYPE,
                            "Only 8- and 16-bit unsigned samples are supported (this image has float or signed samples).");
                }
                return new Interleaved(mat.cols(), mat.rows(), channels, samples);
            } finally {
                if (continuous != mat) {
                    continuous.release();
                }
            }
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
}
