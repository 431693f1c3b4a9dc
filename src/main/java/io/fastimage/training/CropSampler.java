package io.fastimage.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.fastimage.model.ChannelOrder;
import io.fastimage.model.ImageTensors;
import io.fastimage.model.InputPlanes;
import io.fastimage.model.PlaneContext;
import java.util.List;
import java.util.Random;

/**
 * Random aligned crops of input and target from the training pairs (or random whole pairs), as NCHW
 * float batches. Crops are cut from pairs whose targets were computed on the whole photo, so a crop's
 * target is what the operator does to that region in its context, not to the crop alone. With
 * {@code augment}, each pair is first mirrored and turned by one of the eight symmetries of the square,
 * at random: for an operator that commutes with them this is eight times the data.
 */
final class CropSampler {

    private final List<TrainingPair> pairs;
    private final Random random;
    private final boolean augment;
    private final InputPlanes inputs;
    private final PlaneContext context;

    /**
     * @param inputs  the network's input planes: colour, then extra planes, each crop's at the crop's offset in
     *                its photo (so a position-anchored plane is where the target's pixels were computed)
     * @param context the extra planes' parameters and task, for a whole photo
     */
    CropSampler(List<TrainingPair> pairs, long seed, boolean augment, InputPlanes inputs, PlaneContext context) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no training pairs");
        }
        this.pairs = List.copyOf(pairs);
        this.random = new Random(seed);
        this.augment = augment;
        this.inputs = inputs;
        this.context = context;
    }

    private TrainingPair randomPair() {
        TrainingPair pair = pairs.get(random.nextInt(pairs.size()));
        if (!augment) {
            return pair;
        }
        int symmetry = random.nextInt(8);
        return new TrainingPair(pair.name(), pair.input().transformed(symmetry), pair.target().transformed(symmetry));
    }

    /** The side a crop may have at most: the shortest side among the pairs. */
    int largestCrop() {
        return pairs.stream().mapToInt(p -> Math.min(p.input().width(), p.input().height())).min().orElseThrow();
    }

    /** {@code [input, target]} of one random pair, whole: {@code (1, C, height, width)} and {@code (1, 3, height, width)}. */
    NDList wholePair(NDManager manager) {
        TrainingPair pair = randomPair();
        return new NDList(ImageTensors.toTensor(manager, pair.input(), ChannelOrder.RGB, inputs, context),
                ImageTensors.toTensor(manager, pair.target(), ChannelOrder.RGB));
    }

    /**
     * {@code [inputs, targets]}: {@code (batchSize, C, crop, crop)} (colour in [0, 1], RGB order, then the extra
     * planes) and {@code (batchSize, 3, crop, crop)}.
     */
    NDList batch(NDManager manager, int batchSize, int crop) {
        if (crop > largestCrop()) {
            throw new IllegalArgumentException("crop " + crop + " is larger than the smallest pair side " + largestCrop());
        }
        int planeFloats = 3 * crop * crop;
        int inputFloats = inputs.channels() * crop * crop;
        float[] batchInputs = new float[batchSize * inputFloats];
        float[] targets = new float[batchSize * planeFloats];
        for (int b = 0; b < batchSize; b++) {
            TrainingPair pair = randomPair();
            int x = random.nextInt(pair.input().width() - crop + 1);
            int y = random.nextInt(pair.input().height() - crop + 1);
            inputs.write(pair.input().crop(x, y, crop, crop), ChannelOrder.RGB, context.shifted(x, y), batchInputs,
                    b * inputFloats);
            ImageTensors.writePlanes(pair.target().crop(x, y, crop, crop), ChannelOrder.RGB, targets, b * planeFloats);
        }
        return new NDList(manager.create(batchInputs, new Shape(batchSize, inputs.channels(), crop, crop)),
                manager.create(targets, new Shape(batchSize, 3, crop, crop)));
    }
}
