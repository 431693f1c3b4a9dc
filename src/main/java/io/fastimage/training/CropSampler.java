package io.fastimage.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.fastimage.model.ChannelOrder;
import io.fastimage.model.ImageTensors;
import io.fastimage.model.InputPlanes;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Random aligned crops of input and target from the training pairs (or random whole pairs), as NCHW
 * float batches. Crops are cut from pairs whose targets were computed on the whole photo, so a crop's
 * target is what the operator does to that region in its context, not to the crop alone. With
 * {@code augment}, each pair is first mirrored and turned by one of the eight symmetries of the square,
 * at random: for an operator that commutes with them this is eight times the data.
 *
 * <p>Image borders ({@code borderCrops}; off by default: on L0 smoothing it has not paid yet, docs/training.md
 * round 8): the network pads with zeros both at a photo's border and at a crop's edge, but only at
 * the photo's border is the target the operator's boundary behaviour; inside the photo the target depends
 * on pixels the crop cut away. So a crop touches each photo border with a fair chance (uniform positions
 * almost never do: a 256 px crop of a 1024 px photo starts at column 0 once in 769), and the loss weight is
 * zero in a band of {@link #CONTEXT_MARGIN} px (a quarter of smaller crops' side) along every crop edge
 * that lies inside the photo. Networks fine-tuned on uniform crops show a frame: the error in the outer
 * 4 px is 1.5–2.4 times the interior's (L0 smoothing, {@code evaluate}). A network that serves the photo
 * mirrored beyond its border ({@code symmetricPadding}, see {@code CanArchitecture}) is shown its borders the
 * same way: a crop at a border reaches that many pixels beyond it, into the pair mirrored there, and the loss
 * counts nothing outside the photo.
 */
final class CropSampler {

    /** Width in px of the band along a crop edge inside the photo where the loss is not counted. */
    static final int CONTEXT_MARGIN = 16;

    private final List<TrainingPair> pairs;
    private final Random random;
    private final boolean augment;
    private final boolean borderCrops;
    private final InputPlanes inputs;
    private final int symmetricPadding;

    /**
     * @param inputs the network's input planes: colour, then extra planes under each pair's conditions, at the
     *               crop's offset in its photo (so a position-anchored plane is where the target's pixels were computed)
     * @param symmetricPadding px a border crop reaches beyond the photo's border (the network's own margin)
     */
    CropSampler(List<TrainingPair> pairs, long seed, boolean augment, boolean borderCrops, InputPlanes inputs,
                int symmetricPadding) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no training pairs");
        }
        this.pairs = List.copyOf(pairs);
        this.random = new Random(seed);
        this.augment = augment;
        this.borderCrops = borderCrops;
        this.inputs = inputs;
        this.symmetricPadding = symmetricPadding;
    }

    private TrainingPair randomPair() {
        TrainingPair pair = pairs.get(random.nextInt(pairs.size()));
        if (!augment) {
            return pair;
        }
        int symmetry = random.nextInt(8);
        return pair.with(pair.input().transformed(symmetry), pair.target().transformed(symmetry));
    }

    /** The side a crop may have at most: the shortest side among the pairs. */
    int largestCrop() {
        return pairs.stream().mapToInt(p -> Math.min(p.input().width(), p.input().height())).min().orElseThrow();
    }

    /** One random pair, whole (mirrored and turned at random when augmenting). */
    TrainingPair wholePair() {
        return randomPair();
    }

    /**
     * {@code [inputs, targets]}: inputs {@code (batchSize, C, crop, crop)} (colour in [0, 1], RGB order, then the
     * extra planes), targets {@code (batchSize, 3, crop, crop)}; with {@code borderCrops} also weights
     * {@code (batchSize, 1, crop, crop)}, 1 where the loss counts and 0 in the band along crop edges inside the photo
     * and in any margin beyond the photo's border.
     */
    NDList batch(NDManager manager, int batchSize, int crop) {
        if (crop > largestCrop()) {
            throw new IllegalArgumentException("crop " + crop + " is larger than the smallest pair side " + largestCrop());
        }
        int planeFloats = 3 * crop * crop;
        int inputFloats = inputs.channels() * crop * crop;
        float[] batchInputs = new float[batchSize * inputFloats];
        float[] targets = new float[batchSize * planeFloats];
        float[] weights = borderCrops ? new float[batchSize * crop * crop] : null;
        int margin = Math.min(CONTEXT_MARGIN, crop / 4); // small crops keep half their side
        for (int b = 0; b < batchSize; b++) {
            TrainingPair pair = randomPair();
            int width = pair.input().width();
            int height = pair.input().height();
            int x = cropStart(width - crop, crop);
            int y = cropStart(height - crop, crop);
            inputs.write(pair.input().cropMirrored(x, y, crop, crop), ChannelOrder.RGB, pair.conditions().shifted(x, y),
                    batchInputs, b * inputFloats);
            ImageTensors.writePlanes(pair.target().cropMirrored(x, y, crop, crop), ChannelOrder.RGB, targets,
                    b * planeFloats);
            if (weights != null) {
                int left = x <= 0 ? -x : margin;
                int top = y <= 0 ? -y : margin;
                int right = x + crop >= width ? width - x : crop - margin;
                int bottom = y + crop >= height ? height - y : crop - margin;
                for (int row = top; row < bottom; row++) {
                    Arrays.fill(weights, b * crop * crop + row * crop + left, b * crop * crop + row * crop + right, 1f);
                }
            }
        }
        NDList batch = new NDList(manager.create(batchInputs, new Shape(batchSize, inputs.channels(), crop, crop)),
                manager.create(targets, new Shape(batchSize, 3, crop, crop)));
        if (weights != null) {
            batch.add(manager.create(weights, new Shape(batchSize, 1, crop, crop)));
        }
        return batch;
    }

    /**
     * A crop's first column (or row): uniform in {@code [0, slack]}, or with {@code borderCrops} at either photo
     * border a quarter of the time each, reaching the network's symmetric padding beyond it (at most the crop's
     * first quarter, so most of a crop stays in the photo).
     */
    private int cropStart(int slack, int crop) {
        if (!borderCrops) {
            return random.nextInt(slack + 1);
        }
        int beyond = Math.min(symmetricPadding, crop / 4);
        return switch (random.nextInt(4)) {
            case 0 -> -beyond;
            case 1 -> slack + beyond;
            default -> random.nextInt(slack + 1);
        };
    }
}
