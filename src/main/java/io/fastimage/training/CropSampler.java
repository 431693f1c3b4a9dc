package io.fastimage.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.fastimage.model.ChannelOrder;
import io.fastimage.model.ImageTensors;
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

    CropSampler(List<TrainingPair> pairs, long seed, boolean augment) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no training pairs");
        }
        this.pairs = List.copyOf(pairs);
        this.random = new Random(seed);
        this.augment = augment;
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

    /** One random pair, whole (mirrored and turned at random when augmenting). */
    TrainingPair wholePair() {
        return randomPair();
    }

    /** {@code [inputs, targets]}, each {@code (batchSize, 3, crop, crop)} in [0, 1], RGB order. */
    NDList batch(NDManager manager, int batchSize, int crop) {
        if (crop > largestCrop()) {
            throw new IllegalArgumentException("crop " + crop + " is larger than the smallest pair side " + largestCrop());
        }
        int planeFloats = 3 * crop * crop;
        float[] inputs = new float[batchSize * planeFloats];
        float[] targets = new float[batchSize * planeFloats];
        for (int b = 0; b < batchSize; b++) {
            TrainingPair pair = randomPair();
            int x = random.nextInt(pair.input().width() - crop + 1);
            int y = random.nextInt(pair.input().height() - crop + 1);
            ImageTensors.writePlanes(pair.input().crop(x, y, crop, crop), ChannelOrder.RGB, inputs, b * planeFloats);
            ImageTensors.writePlanes(pair.target().crop(x, y, crop, crop), ChannelOrder.RGB, targets, b * planeFloats);
        }
        Shape shape = new Shape(batchSize, 3, crop, crop);
        return new NDList(manager.create(inputs, shape), manager.create(targets, shape));
    }
}
