package io.fastimage.model.guided;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.fastimage.image.Resampling;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.ChannelOrder;
import io.fastimage.model.ImageTensors;
import io.fastimage.model.OutputQuantization;

/**
 * The guided filtering layer of a {@link GuidedFilterNetwork} run with an oracle in place of its low-resolution CAN:
 * the filtering input p is the exact result's own {@link LowResolution} copy (area-averaged, not rounded to 8 bits, as a
 * CAN's output is not) and the guide is the photo itself (the shipped networks learn a guidance map instead).
 * Everything after the CAN is the network's own code ({@link GuidedFilterNetwork#coefficients}, box radius r and ε,
 * then {@link FullResolutionStage}), so the score of this output against the exact result says how much of the
 * operator survives the layer when the CAN makes no error at all: what the low-resolution copy and a local linear
 * model in the guide keep of detail finer than a low-resolution pixel. An indication, not a strict bound: a learned
 * guidance map, or a CAN that returns something other than the exact copy, can do better.
 */
public final class GuidedFilterOracle {

    private GuidedFilterOracle() {
    }

    /**
     * The layer's full-resolution output for {@code photo} with p = the low-resolution copy of {@code exact}.
     *
     * @param photo     the input photo, W×H
     * @param exact     the exact operator's result on it, W×H
     * @param shortSide short side of the low-resolution copy, px ({@value GuidedFilterSpec#MIN_SHORT_SIDE}–{@value
     *                  GuidedFilterSpec#MAX_SHORT_SIDE}; the shipped networks use 256 or 512)
     * @param radius    box radius r at low resolution, px (1–{@value GuidedFilterSpec#MAX_RADIUS}; shipped: 1)
     * @param epsilon   ε of {@code A = cov/(var + ε)} in squared [0, 1] units, in [1e-6, 1) (shipped: 1e-4)
     * @return W×H, rounded to 8 bits as the networks' outputs are
     * @throws IllegalArgumentException when the images differ in size or a parameter is out of range
     */
    public static Rgb8Image apply(Rgb8Image photo, Rgb8Image exact, int shortSide, int radius, double epsilon) {
        if (photo.width() != exact.width() || photo.height() != exact.height()) {
            throw new IllegalArgumentException("the photo is " + photo.width() + "x" + photo.height()
                    + " but the exact result " + exact.width() + "x" + exact.height());
        }
        GuidedFilterSpec.requireLayer(shortSide, radius, epsilon);
        Rgb8Image guide = LowResolution.of(photo, shortSide);
        float[] a;
        float[] b;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            // A CAN's output is not rounded to 8 bits, so neither is the oracle's: the exact result area-averaged in float.
            NDArray p = guide == photo ? ImageTensors.toTensor(manager, exact, ChannelOrder.RGB)
                    : manager.create(Resampling.shrinkToPlanes(exact, guide.width(), guide.height()),
                            new Shape(1, 3, guide.height(), guide.width()));
            NDList ab = GuidedFilterNetwork.coefficients(ImageTensors.toTensor(manager, guide, ChannelOrder.RGB), p,
                    radius, (float) epsilon);
            a = ab.get(0).toFloatArray();
            b = ab.get(1).toFloatArray();
        }
        return new FullResolutionStage(a, b, guide.width(), guide.height(), null, ChannelOrder.RGB)
                .apply(photo, OutputQuantization.ROUND, GuidedFilterTranslator.STRIP_ROWS, () -> { });
    }
}
