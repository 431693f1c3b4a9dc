package io.fastimage.model.can;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/** Named float tensors of a checkpoint, read on demand (so only the tensors a network uses are read). */
public interface CheckpointTensors {

    Set<String> names();

    /** The tensor called {@code name}, or empty when the checkpoint has none. */
    Optional<FloatTensor> read(String name) throws IOException;

    /** A float32 tensor: its shape (empty for a scalar) and its values, row-major. */
    record FloatTensor(long[] shape, float[] values) {
        public FloatTensor {
            shape = shape.clone();
            if (Arrays.stream(shape).reduce(1, Math::multiplyExact) != values.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold "
                        + values.length + " values");
            }
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }
    }
}
