package io.fastimage.operator.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.ChannelOrder;
import io.fastimage.model.OutputQuantization;

/**
 * The one translator between images and network tensors: 8-bit RGB becomes a float32 1×3×H×W tensor
 * of values / 255 in the model's channel order; the output is clipped to [0, 1], multiplied by 255 and
 * truncated or rounded as the model says, and returned as RGB. Both conversions run in float32 to match
 * the authors' numpy code exactly.
 */
public final class ImageTensorTranslator implements NoBatchifyTranslator<Rgb8Image, Rgb8Image> {

    private static final float MAX_8_BIT = 255f;
    /**
     * Measured on a 2-vCPU AMD EPYC with AVX-512: libtorch 2.7.1's oneDNN convolution kernels sometimes
     * return NaN for 24-channel dilated convolutions of 512x512 and larger inputs (nondeterministically);
     * restricting oneDNN to AVX2 made every run correct. A NaN must never become a silently black image.
     */
    static final String NAN_OUTPUT = "the network produced NaN values (a libtorch oneDNN convolution defect on"
            + " AVX-512; the service caps oneDNN at AVX2 unless ONEDNN_MAX_CPU_ISA is set otherwise)";

    private final ChannelOrder channelOrder;
    private final OutputQuantization quantization;

    ImageTensorTranslator(ChannelOrder channelOrder, OutputQuantization quantization) {
        this.channelOrder = channelOrder;
        this.quantization = quantization;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Rgb8Image input) {
        ctx.setAttachment("width", input.width());
        ctx.setAttachment("height", input.height());
        return new NDList(toTensor(ctx.getNDManager(), input, channelOrder));
    }

    @Override
    public Rgb8Image processOutput(TranslatorContext ctx, NDList list) {
        NDArray output = list.singletonOrThrow();
        int width = (Integer) ctx.getAttachment("width");
        int height = (Integer) ctx.getAttachment("height");
        Shape expected = new Shape(1, 3, height, width);
        if (!output.getShape().equals(expected)) {
            throw new IllegalStateException("network output has shape " + output.getShape() + ", expected " + expected);
        }
        return toImage(output.toFloatArray(), width, height, channelOrder, quantization);
    }

    /** Planar float tensor (1, 3, H, W) of {@code value / 255} with channels in {@code order}. */
    public static NDArray toTensor(NDManager manager, Rgb8Image image, ChannelOrder order) {
        float[] planes = new float[3 * image.pixelCount()];
        writePlanes(image, order, planes, 0);
        return manager.create(planes, new Shape(1, 3, image.height(), image.width()));
    }

    /**
     * Writes the 3×H×W planes of {@link #toTensor} into {@code planes} from {@code offset} on (one batch
     * item of a larger tensor).
     */
    public static void writePlanes(Rgb8Image image, ChannelOrder order, float[] planes, int offset) {
        int pixels = image.pixelCount();
        byte[] rgb = image.pixels();
        for (int p = 0; p < pixels; p++) {
            for (int c = 0; c < 3; c++) {
                planes[offset + plane(c, order) * pixels + p] = (rgb[3 * p + c] & 0xff) / MAX_8_BIT;
            }
        }
    }

    /** The inverse of {@link #toTensor}: clip to [0, 1], scale, quantize, interleave as RGB. */
    public static Rgb8Image toImage(float[] planes, int width, int height, ChannelOrder order, OutputQuantization quantization) {
        int pixels = width * height;
        byte[] rgb = new byte[3 * pixels];
        for (int p = 0; p < pixels; p++) {
            for (int c = 0; c < 3; c++) {
                float v = planes[plane(c, order) * pixels + p];
                if (Float.isNaN(v)) {
                    throw new IllegalStateException(NAN_OUTPUT);
                }
                float clipped = v >= 1f ? 1f : (v > 0f ? v : 0f);
                rgb[3 * p + c] = (byte) quantization.quantize(clipped);
            }
        }
        return new Rgb8Image(width, height, rgb);
    }

    /** Which tensor plane holds RGB channel {@code rgbChannel}. */
    private static int plane(int rgbChannel, ChannelOrder order) {
        return order == ChannelOrder.RGB ? rgbChannel : 2 - rgbChannel;
    }
}
