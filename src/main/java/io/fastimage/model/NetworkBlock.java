package io.fastimage.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.translate.NoBatchifyTranslator;
import io.fastimage.image.Rgb8Image;
import java.util.Map;
import java.util.Optional;

/**
 * A network's DJL block, the same one for training and serving: the inputs {@link #inputs} makes from an
 * image (by default its 1×C×H×W float32 tensor, {@link ImageTensors}), a 1×3×H×W float32 result out, with its
 * parameters under stable names (the tensor names of the safetensors weights file).
 */
public interface NetworkBlock extends Block {

    /** The architecture this block was built from, as written to model.json. */
    NetworkSpec spec();

    /** Every parameter under its stable name, in a fixed order. */
    Map<String, Parameter> namedParameters();

    /** Creates the parameter arrays with their initial values on {@code manager}'s device. */
    void initialize(NDManager manager);

    /**
     * Overwrites an initialized parameter with {@code values} (row-major in the parameter's shape).
     *
     * @throws IllegalArgumentException naming the parameter when the name or the number of values is wrong
     */
    default void assign(String name, float[] values) {
        Parameter parameter = namedParameters().get(name);
        if (parameter == null) {
            throw new IllegalArgumentException("the network has no parameter '" + name + "'");
        }
        if (values.length != parameter.getShape().size()) {
            throw new IllegalArgumentException("parameter '" + name + "' has shape " + parameter.getShape()
                    + " (" + parameter.getShape().size() + " values), got " + values.length + " values");
        }
        parameter.getArray().set(values);
    }

    /**
     * The forward inputs for one 8-bit image: by default its 1×C×H×W tensor, colour in [0, 1] in {@code order}
     * then the spec's extra input planes ({@link NetworkSpec#inputs}) for {@code context}. A kind whose block
     * needs more than that (the guided filter's low-resolution copy, made outside the graph) adds it here, so
     * that training and evaluation build the same inputs.
     */
    default NDList inputs(NDManager manager, Rgb8Image image, ChannelOrder order, PlaneContext context) {
        return new NDList(ImageTensors.toTensor(manager, image, order, spec().inputs(), context));
    }

    /**
     * For a network that normalizes per image ({@link NetworkSpec#normalizesPerImage}): a copy on {@code manager}
     * (same weights) whose statistics are fixed to those this network computes on {@code image} under
     * {@code context}, so that every tile of a larger image is normalized alike, as the whole image would be.
     * Empty for a network whose statistics are fixed already.
     */
    default Optional<NetworkBlock> withStatisticsOf(Rgb8Image image, ChannelOrder order, PlaneContext context,
            NDManager manager) {
        return Optional.empty();
    }

    /**
     * The translator that serves this block on 8-bit images when one forward pass of {@link #inputs} is not
     * the whole computation (e.g. a low-resolution network whose result is applied at full resolution in plain
     * Java); empty for the standard path, one forward pass of the image tensor, tiled by the spec's
     * receptive radius. {@code checkpoint} is called between pieces of work and throws
     * {@link java.util.concurrent.CancellationException} when the request was cancelled.
     */
    default Optional<NoBatchifyTranslator<Rgb8Image, Rgb8Image>> servingTranslator(ChannelOrder order,
            OutputQuantization quantization, Runnable checkpoint) {
        return Optional.empty();
    }
}
