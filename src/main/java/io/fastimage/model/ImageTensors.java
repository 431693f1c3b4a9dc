package io.fastimage.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.fastimage.image.Rgb8Image;

/**
 * The seam between images and network tensors, shared by serving and training: 8-bit RGB becomes float32
 * planes of {@code value / 255} in [0, 1] in a model's channel order; network output is clipped to [0, 1],
 * multiplied by 255 and truncated or rounded as the model says. Both directions run in float32, as the
 * authors' numpy code does.
 */
public final class ImageTensors {

    private static final float MAX_8_BIT = 255f;
    /** {@link #toFloat} of every 8-bit value, so a row unpacks by lookup. */
    private static final float[] VALUES = new float[256];

    static {
        for (int v = 0; v < VALUES.length; v++) {
            VALUES[v] = v / MAX_8_BIT;
        }
    }
    /**
     * Measured on 2-vCPU AMD EPYCs: libtorch 2.7.1's oneDNN convolutions returned NaN (or wrong values) where they
     * pad the input channels to their block (16 under AVX-512: the CAN24's 24 channels, nondeterministically from
     * 512x512 up; 8 under AVX2: the combined network's 13). The cap at AVX2 and the CAN's own channel padding made
     * every run correct (models/README.md, CPU note). A NaN must never become a silently black image.
     */
    public static final String NAN_OUTPUT = "the network produced NaN values (a libtorch oneDNN convolution defect seen on"
            + " AMD EPYC; the service caps oneDNN at AVX2 unless ONEDNN_MAX_CPU_ISA is set otherwise)";

    private ImageTensors() {
    }

    /** Planar float tensor (1, 3, H, W) of {@code value / 255} with channels in {@code order}. */
    public static NDArray toTensor(NDManager manager, Rgb8Image image, ChannelOrder order) {
        float[] planes = new float[3 * image.pixelCount()];
        writePlanes(image, order, planes, 0);
        return manager.create(planes, new Shape(1, 3, image.height(), image.width()));
    }

    /**
     * Planar float tensor (1, C, H, W): the colour planes of {@link #toTensor(NDManager, Rgb8Image, ChannelOrder)}
     * followed by {@code inputs}' extra planes for {@code context} (C = {@code inputs.channels()}).
     */
    public static NDArray toTensor(NDManager manager, Rgb8Image image, ChannelOrder order, InputPlanes inputs,
                                   PlaneContext context) {
        float[] planes = new float[inputs.channels() * image.pixelCount()];
        inputs.write(image, order, context, planes, 0);
        return manager.create(planes, new Shape(1, inputs.channels(), image.height(), image.width()));
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
                planes[offset + plane(c, order) * pixels + p] = toFloat(rgb[3 * p + c] & 0xff);
            }
        }
    }

    /** The inverse of {@link #toTensor}: clip to [0, 1], scale, quantize, interleave as RGB. */
    public static Rgb8Image toImage(float[] planes, int width, int height, ChannelOrder order, OutputQuantization quantization) {
        int pixels = width * height;
        byte[] rgb = new byte[3 * pixels];
        for (int c = 0; c < 3; c++) {
            toBytes(planes, plane(c, order) * pixels, pixels, rgb, c, 3, quantization);
        }
        return new Rgb8Image(width, height, rgb);
    }

    /**
     * {@link #toByte} of {@code count} values from {@code values[from]} on, written to {@code out[offset]},
     * {@code out[offset + stride]}, ... (one channel of interleaved pixels).
     *
     * @throws IllegalStateException ({@link #NAN_OUTPUT}) when a value is NaN
     */
    public static void toBytes(float[] values, int from, int count, byte[] out, int offset, int stride,
                               OutputQuantization quantization) {
        for (int i = 0; i < count; i++) {
            out[offset + i * stride] = toByte(values[from + i], quantization);
        }
    }

    /**
     * The planes of {@link #toTensor} for {@code count} pixels of interleaved RGB from pixel {@code first} on:
     * {@code planes[k][i]} gets tensor plane k of pixel {@code first + i}.
     */
    public static void toPlanes(byte[] rgb, int first, int count, ChannelOrder order, float[][] planes) {
        for (int c = 0; c < 3; c++) {
            float[] plane = planes[plane(c, order)];
            for (int i = 0, p = 3 * first + c; i < count; i++, p += 3) {
                plane[i] = VALUES[rgb[p] & 0xff];
            }
        }
    }

    /**
     * One network output value as an 8-bit sample: clipped to [0, 1], then quantized; the one rule for every
     * path that turns network output into pixels.
     *
     * @throws IllegalStateException ({@link #NAN_OUTPUT}) when {@code v} is NaN
     */
    public static byte toByte(float v, OutputQuantization quantization) {
        if (Float.isNaN(v)) {
            throw new IllegalStateException(NAN_OUTPUT);
        }
        float clipped = v >= 1f ? 1f : (v > 0f ? v : 0f);
        return (byte) quantization.quantize(clipped);
    }

    /** The sample {@link #toTensor} puts in a tensor for an 8-bit value {@code value} (0–255): {@code value / 255}. */
    public static float toFloat(int value) {
        return VALUES[value];
    }

    /** Which tensor plane holds RGB channel {@code rgbChannel} (its own inverse: also the RGB channel of a plane). */
    public static int plane(int rgbChannel, ChannelOrder order) {
        return order == ChannelOrder.RGB ? rgbChannel : 2 - rgbChannel;
    }
}
