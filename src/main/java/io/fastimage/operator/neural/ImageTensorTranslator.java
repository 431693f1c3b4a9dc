package io.fastimage.operator.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.ChannelOrder;
import io.fastimage.model.ImageTensors;
import io.fastimage.model.InputPlanes;
import io.fastimage.model.PlaneContext;
import io.fastimage.model.OutputQuantization;

/**
 * The one serving translator between images and network tensors: a 1×C×H×W float32 tensor in (the colour
 * planes in the model's channel order, then the model's extra input planes for the input's
 * {@link PlaneContext}), the model's quantization out ({@link ImageTensors} does the conversions).
 */
public final class ImageTensorTranslator implements NoBatchifyTranslator<NetworkInput, Rgb8Image> {

    private final ChannelOrder channelOrder;
    private final OutputQuantization quantization;
    private final InputPlanes inputs;

    ImageTensorTranslator(ChannelOrder channelOrder, OutputQuantization quantization, InputPlanes inputs) {
        this.channelOrder = channelOrder;
        this.quantization = quantization;
        this.inputs = inputs;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, NetworkInput input) {
        ctx.setAttachment("width", input.image().width());
        ctx.setAttachment("height", input.image().height());
        return new NDList(ImageTensors.toTensor(ctx.getNDManager(), input.image(), channelOrder, inputs, input.context()));
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
