package io.fastimage.codec;

import io.fastimage.codec.ImageHeaderReader.Inspection;
import io.fastimage.codec.ImageHeaderReader.Layout;
import io.fastimage.codec.ImageRejectedException.Reason;
import io.fastimage.image.OpenCv;
import io.fastimage.image.Rgb8Image;
import java.awt.color.ICC_Profile;
import java.util.Objects;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Turns an upload into upright 8-bit sRGB plus an optional straight-alpha plane, refusing it as early as possible:
 * byte limit, then magic bytes, then the size declared by the header against the pixel and side limits (before any
 * pixel buffer exists), and only then the decoder (OpenCV; the JDK's ImageIO for TIFF with alpha and for CMYK JPEG
 * with a profile, see {@link ImageIoPixels}). Immutable and safe to share between threads.
 */
public final class ImageDecoder {

    /** The native decoding step, separate so tests can prove it is never reached for refused uploads. */
    interface PixelDecoder {
        /** Decoded pixels exactly as stored (no orientation, no conversion), or an empty Mat. */
        Mat decode(byte[] bytes);
    }

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
        if (Math.max(header.width(), header.height()) > DecodeLimits.MAX_SIDE) {
            throw new ImageRejectedException(Reason.SIDE_TOO_LONG, "The image is " + header.width() + "x" + header.height()
                    + "; sides longer than " + DecodeLimits.MAX_SIDE + " pixels are not supported.");
        }
        return inspection;
    }

    /**
     * Decodes {@code bytes} (the whole file) to upright sRGB with straight alpha: embedded ICC profiles and PNG
     * colour chunks are converted (see {@link SrgbConversion}), every alpha convention becomes straight alpha
     * (PNG {@code tRNS} on grey included), and an animated WebP gives its first frame, as APNG and multi-page TIFF do.
     *
     * @throws ImageRejectedException for the first check that fails, in the order described on this class
     */
    public DecodedImage decode(byte[] bytes) throws ImageRejectedException {
        Inspection inspection = inspectWithinLimits(bytes);
        ImageHeader header = inspection.header();
        Layout layout = inspection.layout();
        if (header.format() == ImageFormat.JPEG) {
            requireEndOfImage(bytes, inspection.jpegFrameOffset());
            requireDataForEveryBlock(bytes, inspection.jpegFrameOffset(), header);
        }
        boolean colourConverted = false;
        boolean turnedByDecoder = inspection.decoderTurnsUpright();
        Interleaved pixels = null;
        if (header.format() == ImageFormat.TIFF && (layout.extraSamples() == 1 || layout.extraSamples() == 2)) {
            pixels = ImageIoPixels.tiffWithAlpha(bytes);
            turnedByDecoder &= pixels == null;
        } else if (header.format() == ImageFormat.JPEG && layout.components() == 4) {
            ICC_Profile cmyk = cmykProfile(inspection.colour());
            pixels = cmyk == null ? null : ImageIoPixels.cmykJpeg(bytes, cmyk, layout.adobeTransform());
            colourConverted = pixels != null;
        }
        if (pixels == null && layout.animated()) {
            WebpChunks.Frame frame = firstFrameWithinCanvas(bytes, header);
            pixels = decodeWithOpenCv(frame.still(), header.format(), frame.width(), frame.height(), -1)
                    .onCanvas(header.width(), header.height(), frame.x(), frame.y());
        } else if (pixels == null) {
            boolean turned = turnedByDecoder && inspection.orientation().swapsWidthAndHeight();
            pixels = decodeWithOpenCv(bytes, header.format(), turned ? header.height() : header.width(),
                    turned ? header.width() : header.height(), transparentGrey(layout));
        }
        if (pixels.width() * (long) pixels.height() != header.pixelCount()) {
            throw ImageRejectedException.undecodable("The " + header.format().name()
                    + " image data does not match the size its header declares.");
        }
        Orientation stillToApply = turnedByDecoder ? Orientation.NORMAL : inspection.orientation();
        DecodedImage upright = pixels.toUpright(stillToApply, header.format());
        if (colourConverted) {
            return upright;
        }
        Rgb8Image srgb = SrgbConversion.toSrgb(upright.rgb(), pixels.grey(), inspection.colour());
        return srgb == upright.rgb() ? upright : new DecodedImage(srgb, upright.alpha(), upright.format());
    }

    /**
     * An animation's first frame, refused unless it lies within the canvas (whose size passed the limits) and its own
     * image header agrees: a few bytes could otherwise declare a tiny canvas around a huge frame.
     */
    private static WebpChunks.Frame firstFrameWithinCanvas(byte[] bytes, ImageHeader canvas) {
        WebpChunks.Frame frame = WebpChunks.firstFrame(bytes);
        ImageHeader still = ImageHeaderReader.read(frame.still());
        if ((long) frame.x() + frame.width() > canvas.width() || (long) frame.y() + frame.height() > canvas.height()
                || still.width() != frame.width() || still.height() != frame.height()) {
            throw ImageRejectedException.undecodable("The animated WebP's first frame does not fit its canvas.");
        }
        return frame;
    }

    /** The decoded pixels of a still image, checked against the size the header declares. */
    private Interleaved decodeWithOpenCv(byte[] bytes, ImageFormat format, int width, int height, int transparentGrey) {
        Mat stored = decodePixels(bytes);
        try {
            if (stored.empty()) {
                throw ImageRejectedException.undecodable("The " + format.name() + " image data cannot be decoded.");
            }
            if (stored.cols() != width || stored.rows() != height) {
                throw ImageRejectedException.undecodable("The " + format.name()
                        + " image data does not match the size its header declares.");
            }
            return Interleaved.from(stored, transparentGrey);
        } finally {
            stored.release();
        }
    }

    /**
     * A grey PNG's tRNS value in the range OpenCV delivers: 16-bit files stay 16-bit, and 1-, 2- and 4-bit grey is
     * scaled to 8 bits by libpng (e.g. 1-bit 1 becomes 255).
     */
    private static int transparentGrey(Layout layout) {
        int key = layout.greyKey();
        int depth = layout.pngBitDepth();
        if (key < 0 || depth >= 8) {
            return key;
        }
        return key * 255 / ((1 << depth) - 1);
    }

    /** The embedded profile when it is a usable CMYK one, else null (no profile, a broken one, or not CMYK). */
    private static ICC_Profile cmykProfile(SourceColour colour) {
        if (colour.iccProfile() == null) {
            return null;
        }
        try {
            ICC_Profile profile = ICC_Profile.getInstance(colour.iccProfile());
            return profile.getColorSpaceType() == java.awt.color.ColorSpace.TYPE_CMYK ? profile : null;
        } catch (IllegalArgumentException corrupt) {
            return null;
        }
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
     * A Huffman-coded JPEG (SOF0–SOF7) spends at least one bit on every 8×8 block of its image (each block's DC
     * difference has a code, and Huffman codes are at least one bit long; encoders spend about a byte on a flat
     * block), so a file with less entropy-coded data than that holds only part of the size its frame declares, which
     * libjpeg would fill with grey after a warning, at the cost of decoding the whole declared size. Arithmetic-coded
     * frames (SOF9–SOF15) can spend less per block and are not checked.
     */
    private static void requireDataForEveryBlock(byte[] bytes, int frameOffset, ImageHeader header) {
        int marker = bytes[frameOffset + 1] & 0xff;
        if (marker > 0xC7) {
            return;
        }
        long blocks = ((header.width() + 7) / 8) * (long) ((header.height() + 7) / 8);
        long minimumBytes = (blocks + 7) / 8;
        if (bytes.length - frameOffset < minimumBytes) {
            throw ImageRejectedException.undecodable("The JPEG declares " + header.width() + "x" + header.height()
                    + " pixels but holds " + (bytes.length - frameOffset) + " bytes of image data, fewer than the "
                    + minimumBytes + " that many 8x8 blocks take at the least: it is cut short or corrupt.");
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
}
