package io.fastimage.model;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.Map;

/**
 * A network's DJL block, the same one for training and serving: a 1×C×H×W float32 image tensor in
 * ({@link ImageTensors}), a 1×3×H×W float32 result out, with its parameters under stable names (the tensor
 * names of the safetensors weights file).
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
    void assign(String name, float[] values);
}
