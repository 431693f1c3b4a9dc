package io.fastimage.model.guided;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.ChannelOrder;
import io.fastimage.model.ImageTensors;
import io.fastimage.model.OutputQuantization;

/**
 * Serves a {@link GuidedFilterNetwork}: the photo's {@link LowResolution} copy goes into the block, which returns
 * A and B at low resolution; {@link FullResolutionStage} makes the full-resolution result from them in Java,
 * {@value #STRIP_ROWS} rows between cancellation checkpoints. No full-resolution tensor is ever made, so memory
 * stays about the size of the input and output images.
 */
final class GuidedFilterTranslator implements NoBatchifyTranslator<Rgb8Image, Rgb8Image> {

    /** Rows of output between two cancellation checkpoints. */
    static final int STRIP_ROWS = 64;

    private final GuidedFilterSpec spec;
    private final GuidanceMap guidance;
    private final ChannelOrder order;
    private final OutputQuantization quantization;
    private final Runnable checkpoint;

    GuidedFilterTranslator(GuidedFilterSpec spec, GuidanceMap guidance, ChannelOrder order,
                           OutputQuantization quantization, Runnable checkpoint) {
        this.spec = spec;
        this.guidance = guidance;
        this.order = order;
        this.quantization = quantization;
        this.checkpoint = checkpoint;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Rgb8Image input) {
        Rgb8Image low = LowResolution.of(input, spec.lowResolutionShortSide());
        ctx.setAttachment("input", input);
        ctx.setAttachment("low", low);
        checkpoint.run();
        return new NDList(ImageTensors.toTensor(ctx.getNDManager(), low, order));
    }

    @Override
    public Rgb8Image processOutput(TranslatorContext ctx, NDList list) {
        Rgb8Image input = (Rgb8Image) ctx.getAttachment("input");
        Rgb8Image low = (Rgb8Image) ctx.getAttachment("low");
        Shape expected = new Shape(1, 3, low.height(), low.width());
        for (NDArray array : list) {
            if (!array.getShape().equals(expected)) {
                throw new IllegalStateException("low-resolution output has shape " + array.getShape() + ", expected " + expected);
            }
        }
        return new FullResolutionStage(list.get(0).toFloatArray(), list.get(1).toFloatArray(), low.width(), low.height(),
                guidance, order).apply(input, quantization, STRIP_ROWS, checkpoint);
    }
}
