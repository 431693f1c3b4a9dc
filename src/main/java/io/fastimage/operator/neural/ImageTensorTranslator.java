package io.fastimage.operator.neural;

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
 * The one serving translator between images and network tensors: a 1×3×H×W float32 tensor in the model's
 * channel order in, the model's quantization out ({@link ImageTensors} does the conversions).
 */
public final class ImageTensorTranslator implements NoBatchifyTranslator<Rgb8Image, Rgb8Image> {

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
        return new NDList(ImageTensors.toTensor(ctx.getNDManager(), input, channelOrder));
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
        return ImageTensors.toImage(output.toFloatArray(), width, height, channelOrder, quantization);
    }

}
