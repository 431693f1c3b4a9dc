package io.fastimage.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.ChannelOrder;
import io.fastimage.model.InputPlanes;
import io.fastimage.model.ModelDescriptor;
import io.fastimage.model.ModelDescriptor.Origin;
import io.fastimage.model.ModelDirectory;
import io.fastimage.model.can.CanArchitecture;
import io.fastimage.model.can.CanSpec;
import io.fastimage.model.can.ContextAggregationNetwork;
import io.fastimage.model.can.NormalizationStatistics;
import io.fastimage.model.can.TfCheckpointImporter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Trains one operator's CAN: Adam on the mean squared error of random crops, from identity-initialised
 * convolutions or from the model already in the repository. At every validation interval the network
 * runs on the whole validation photos; when their PSNR improves, the model directory is replaced
 * atomically with the weights, the model card, the history and the curve. A run therefore never loses
 * more than one interval, and stopping it at any time leaves the best model so far on disk. The loop is
 * {@link NetworkTraining}'s; this class chooses where a CAN's run starts.
 */
public final class CanTrainer {

    /**
     * How to train. {@code steps} and {@code maxTime} both bound the run; {@code architecture} applies to a
     * new model (a resumed one keeps its own). {@code statistics} is the normalization mode of a new model
     * (running when null); for a resumed model a different mode switches it, keeping the weights, and null
     * keeps its own. {@code cropSize} {@link #WHOLE_IMAGES} trains on one whole pair per step, so that
     * per-image statistics are those of a whole photo, as at inference. {@code inputs}: the input planes the
     * network takes (null keeps the started network's own); a started network with fewer planes gets the new
     * ones with zero first-layer weights ({@link ContextAggregationNetwork#withInputs}), so it starts where it was.
     * {@code frozenStatistics}: a running-statistics network normalizes with its stored statistics in training too
     * ({@link ContextAggregationNetwork#withFrozenStatistics}), so a step trains the function that serving runs.
     * {@code emaDecay}: validations and saves take the moving average of the weights with this decay
     * ({@link WeightAverage}), or the weights of the step itself when 0.
     */
    public record Settings(CanArchitecture architecture, NormalizationStatistics statistics, int batchSize,
                           int cropSize, float learningRate, long steps, Duration maxTime, int validateEvery,
                           long seed, InputPlanes inputs, boolean frozenStatistics, float emaDecay) {
        public static final int WHOLE_IMAGES = 0;

        /** Settings that keep the network's own inputs, train with batch statistics and validate each step's weights. */
        public Settings(CanArchitecture architecture, NormalizationStatistics statistics, int batchSize, int cropSize,
                        float learningRate, long steps, Duration maxTime, int validateEvery, long seed) {
            this(architecture, statistics, batchSize, cropSize, learningRate, steps, maxTime, validateEvery, seed, null,
                    false, NetworkTraining.Schedule.NO_AVERAGE);
        }

        public Settings {
            WeightAverage.requireDecay(emaDecay);
            if (batchSize < 1 || (cropSize < 16 && cropSize != WHOLE_IMAGES) || steps < 1 || validateEvery < 1
                    || !(learningRate > 0)) {
                throw new IllegalArgumentException("batch >= 1, crop >= 16 (or 0: whole images), steps >= 1, "
                        + "validate-every >= 1 and a positive learning rate are required");
            }
            if (cropSize == WHOLE_IMAGES && batchSize != 1) {
                throw new IllegalArgumentException("whole images (crop 0) differ in size: batch must be 1, got " + batchSize);
            }
        }

        boolean wholeImages() {
            return cropSize == WHOLE_IMAGES;
        }

        NetworkTraining.Schedule schedule() {
            return new NetworkTraining.Schedule(batchSize, cropSize, learningRate, steps, maxTime, validateEvery, seed,
                    emaDecay);
        }
    }

    /**
     * The data of one operator: training pairs, validation pairs for the curve and for the model card; how crops
     * are drawn: mirrored and turned ({@code augment}), and photo borders held often with no loss along inner crop
     * edges ({@code borderCrops}, see {@link CropSampler}); how much a whole photo's outer
     * {@value Evaluation#BORDER_BAND} px weigh in its loss against the rest ({@code borderWeight}, 1 for alike;
     * they are the band the frame is measured on, {@link Evaluation#worstBorderErrorRatio}).
     */
    public record Data(String operatorId, List<TrainingPair> training, List<TrainingPair> validation,
                       List<TrainingPair> cardValidation, String cardValidationLabel,
                       List<TrainingPair> ciSubset, String ciSubsetLabel, String description, boolean augment,
                       boolean borderCrops, float borderWeight) {

        /** Every pixel of a whole photo weighs alike in the loss. */
        public static final float UNIFORM = 1;

        /** Whether {@code weight} can weigh a photo's border band: a finite number of at least {@link #UNIFORM} (not NaN). */
        public static boolean isBorderWeight(float weight) {
            return weight >= UNIFORM && !Float.isInfinite(weight);
        }

        public Data {
            if (!isBorderWeight(borderWeight)) {
                throw new IllegalArgumentException("the border weight must be a finite number of at least 1, got "
                        + borderWeight);
            }
        }
    }

    private final Path modelDirectory;
    private final Data data;
    private final PrintStream out;
    private final NetworkTraining training;

    /**
     * A trainer of the model in {@code modelDirectory}: {@code models/ID}, a variant's {@code models/ID/VARIANT},
     * or a shared network's {@code models/shared/NAME} (whose {@code data.operatorId()} is the network's name).
     */
    public static CanTrainer at(Path modelDirectory, Data data, PrintStream out, String command) {
        return new CanTrainer(modelDirectory, data, out, command);
    }

    private CanTrainer(Path modelDirectory, Data data, PrintStream out, String command) {
        this.modelDirectory = modelDirectory;
        this.data = data;
        this.out = out;
        this.training = new NetworkTraining(modelDirectory, data, out, command);
    }

    /**
     * What a run did: the validation PSNR of the network it started from, the best one saved so far (over
     * all runs) and the total number of steps.
     */
    public record Result(double startPsnr, double bestPsnr, long steps) {
    }

    public Result train(Settings settings, boolean resume) throws IOException {
        return train(settings, resume, null);
    }

    /**
     * Trains the operator's model: a new one (from identity-initialised convolutions, or from
     * {@code initFrom} when given), or with {@code resume} the one in the repository.
     *
     * @param initFrom null, a model directory in RGB order (e.g. {@code import-tf-checkpoint --conventions
     *                 project}), or a directory holding the authors' TensorFlow checkpoint bundle
     *                 ({@code model.ckpt.index}); its network becomes the new model's start and its origin the
     *                 new model's origin
     * @throws IOException when the model exists and {@code resume} is false, when {@code initFrom} is given
     *                     for an existing model, or when it cannot be read
     */
    public Result train(Settings settings, boolean resume, Path initFrom) throws IOException {
        ModelDirectory.restoreInterrupted(modelDirectory);
        boolean exists = Files.exists(modelDirectory.resolve(ModelDescriptor.FILE_NAME));
        if (exists && !resume) {
            throw new IOException(modelDirectory + " already holds a model: pass --resume to continue training it");
        }
        if (exists && initFrom != null) {
            throw new IOException(modelDirectory + " already holds a model: --init-from starts a new one (move it away first)");
        }
        String runDate = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        // The random initial values (the output layer's) follow the run's seed, like its crops: runs repeat.
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) settings.seed());
        try (Model model = Model.newInstance(data.operatorId(), Device.cpu())) {
            NetworkTraining.Start start = exists ? resumed(settings.statistics(), model.getNDManager())
                    : initFrom != null ? initialisedFrom(initFrom, settings, model.getNDManager())
                    : fresh(settings, model.getNDManager());
            start = withInputs(start, settings.inputs(), model.getNDManager());
            if (settings.frozenStatistics()) {
                start = withFrozenStatistics(start, exists || initFrom != null, model.getNDManager());
            } else if (settings.emaDecay() != NetworkTraining.Schedule.NO_AVERAGE
                    && !start.network().spec().normalizesPerImage()) {
                out.printf(Locale.ROOT, "note: the stored statistics follow the recent steps' weights, which the average "
                        + "lags behind; --frozen-statistics keeps them fitting the average%n");
            }
            model.setBlock(start.network());
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(NetworkTraining.learningRate(settings.schedule())).build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                int side = settings.wholeImages() ? 64 : settings.cropSize();
                trainer.initialize(new Shape(settings.batchSize(), start.network().spec().inputs().channels(), side, side));
                return training.loop(trainer, start, settings.schedule(), runDate);
            }
        }
    }

    /**
     * Takes the weights of a fine-tuning run made elsewhere ({@link FineTunedRun}: {@code scripts/gpu/finetune.py}
     * on a lent GPU) into the model in the repository when they score better than its own weights on the card's
     * validation photos; its history, card and provenance then record the run. The validation, the card and the CI
     * subset are measured here, by the same code as a training run's.
     *
     * @return whether the weights were taken
     * @throws IOException when the repository holds no model here, the run started from other weights than the
     *                     model's, or the run's weights do not fit its network
     */
    public boolean adopt(FineTunedRun run) throws IOException {
        ModelDirectory.restoreInterrupted(modelDirectory);
        if (!Files.exists(modelDirectory.resolve(ModelDescriptor.FILE_NAME))) {
            throw new IOException(modelDirectory + " holds no model to take the run's weights");
        }
        String own = ModelDirectory.readDescriptor(modelDirectory).weights().sha256();
        if (!run.startSha256().equals(own)) {
            throw new IOException("the run started from other weights (sha256 " + run.startSha256() + ") than "
                    + modelDirectory + " holds (" + own + "): its steps would not continue this model's");
        }
        try (Model model = Model.newInstance(data.operatorId(), Device.cpu())) {
            NetworkTraining.Start start = resumed(null, model.getNDManager());
            model.setBlock(start.network());
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss())
                    .optDevices(new Device[] {Device.cpu()}))) {
                trainer.initialize(new Shape(1, start.network().spec().inputs().channels(), 64, 64));
                return training.adopt(trainer, start, run);
            }
        }
    }

    /** The model in the repository, switched to {@code statistics} unless that is null or its own. */
    private NetworkTraining.Start resumed(NormalizationStatistics statistics, NDManager manager) throws IOException {
        ModelDescriptor descriptor = ModelDirectory.readDescriptor(modelDirectory);
        CanSpec can = canOf(descriptor);
        NormalizationStatistics saved = can.statistics();
        boolean switched = statistics != null && statistics != saved;
        if (switched) {
            out.printf(Locale.ROOT, "switching %s from %s to %s statistics, weights kept%n", data.operatorId(),
                    saved.jsonName(), statistics.jsonName());
            can = can.withStatistics(statistics);
            descriptor = descriptor.withNetwork(can);
        }
        ContextAggregationNetwork network = (ContextAggregationNetwork) ModelDirectory.loadNetwork(modelDirectory,
                descriptor, manager);
        if (switched) {
            calibrateIfRunning(network);
        }
        TrainingHistory history = TrainingHistory.read(modelDirectory);
        out.printf(Locale.ROOT, "resuming %s (%s, %s statistics) after %d steps%n", data.operatorId(),
                can.summary(), can.statistics().jsonName(), history.steps());
        return new NetworkTraining.Start(network, history, descriptor.provenance().origin(), switched);
    }

    /** {@code start} taking {@code inputs} (null: as it is), new planes' first-layer weights at zero. */
    private NetworkTraining.Start withInputs(NetworkTraining.Start start, InputPlanes inputs, NDManager manager) {
        ContextAggregationNetwork network = (ContextAggregationNetwork) start.network(); // this trainer's starts are CANs
        if (inputs == null || inputs.equals(network.architecture().inputs())) {
            return start;
        }
        ContextAggregationNetwork widened = network.withInputs(inputs, manager);
        out.printf(Locale.ROOT, "inputs now %s (new planes' first-layer weights start at zero)%n", inputs.summary());
        return new NetworkTraining.Start(widened, start.history(), start.origin(), true);
    }

    /**
     * {@code start} normalizing with its stored statistics in training too.
     *
     * @throws IllegalArgumentException when the network has per-image statistics, or is new: a new network's
     *                                  stored statistics are not measured yet
     */
    private NetworkTraining.Start withFrozenStatistics(NetworkTraining.Start start, boolean trained, NDManager manager) {
        ContextAggregationNetwork network = (ContextAggregationNetwork) start.network();
        if (network.statistics() != NormalizationStatistics.RUNNING) {
            throw new IllegalArgumentException("frozen statistics need a network with running statistics; "
                    + data.operatorId() + "'s has " + network.statistics().jsonName() + " statistics");
        }
        if (!trained) {
            throw new IllegalArgumentException("frozen statistics need measured ones: resume a trained network or "
                    + "start from one (--init-from); a new network's statistics are not measured yet");
        }
        out.printf(Locale.ROOT, "statistics frozen: training normalizes with the stored ones, as serving does%n");
        return new NetworkTraining.Start(network.withFrozenStatistics(manager), start.history(), start.origin(),
                start.saveIfBetter());
    }

    private NetworkTraining.Start fresh(Settings settings, NDManager manager) {
        NormalizationStatistics statistics = settings.statistics() == null
                ? NormalizationStatistics.RUNNING : settings.statistics();
        CanArchitecture architecture = settings.inputs() == null ? settings.architecture()
                : settings.architecture().withInputs(settings.inputs());
        ContextAggregationNetwork network = new ContextAggregationNetwork(architecture, statistics,
                ContextAggregationNetwork.Initialization.IDENTITY);
        network.initialize(manager);
        out.printf(Locale.ROOT, "new %s model (%s, %s statistics), identity-initialised%n", data.operatorId(),
                network.spec().summary(), statistics.jsonName());
        return new NetworkTraining.Start(network, new TrainingHistory(), null, false);
    }

    private NetworkTraining.Start initialisedFrom(Path source, Settings settings, NDManager manager) throws IOException {
        ContextAggregationNetwork network;
        Origin origin;
        if (Files.isRegularFile(source.resolve(TfCheckpointImporter.DEFAULT_PREFIX + ".index"))) {
            network = TfCheckpointImporter.readNetwork(source, TfCheckpointImporter.DEFAULT_PREFIX,
                    CanArchitecture.AUTHORS_EPSILON, TfCheckpointImporter.Conversion.project(List.of()), manager);
            origin = TfCheckpointImporter.AUTHORS_RELEASE;
        } else {
            ModelDescriptor descriptor = ModelDirectory.readDescriptor(source);
            if (descriptor.channelOrder() != ChannelOrder.RGB) {
                throw new IOException(source + " holds a " + descriptor.channelOrder() + " network; training needs RGB "
                        + "(import-tf-checkpoint --conventions project)");
            }
            canOf(descriptor);
            network = (ContextAggregationNetwork) ModelDirectory.loadNetwork(source, descriptor, manager);
            origin = descriptor.provenance().origin();
        }
        NormalizationStatistics wanted = settings.statistics() == null ? network.statistics() : settings.statistics();
        if (wanted != network.statistics()) {
            network = network.withStatistics(wanted, manager);
            calibrateIfRunning(network);
        }
        out.printf(Locale.ROOT, "new %s model from %s (%s, %s statistics)%s%n", data.operatorId(), source,
                network.spec().summary(), network.statistics().jsonName(),
                origin == null ? "" : ", derived from " + origin.source());
        return new NetworkTraining.Start(network, new TrainingHistory(), origin, true);
    }

    /**
     * Running statistics of a network that had per-image ones are meaningless until measured: measure them
     * on the largest training inputs, the closest to the serving resolution.
     */
    private void calibrateIfRunning(ContextAggregationNetwork network) {
        if (network.statistics() != NormalizationStatistics.RUNNING) {
            return;
        }
        int largest = data.training().stream().mapToInt(p -> Math.max(p.input().width(), p.input().height())).max()
                .orElseThrow(() -> new IllegalStateException("no training pairs to calibrate on"));
        List<TrainingPair> largestPairs = data.training().stream()
                .filter(p -> Math.max(p.input().width(), p.input().height()) == largest).toList();
        // One set of statistics serves every condition: measured under one, the network's defaults where the pairs
        // hold them (parameter planes at their defaults), else the first pair's (e.g. a shared network's first task).
        InputPlanes inputs = network.spec().inputs();
        Function<TrainingPair, String> conditionOf = p -> NetworkTraining.conditionSuffix(p.conditions(), inputs, data.operatorId());
        String condition = largestPairs.stream().map(conditionOf).filter(String::isEmpty).findFirst()
                .orElse(conditionOf.apply(largestPairs.get(0)));
        List<TrainingPair> pairs = largestPairs.stream().filter(p -> conditionOf.apply(p).equals(condition)).toList();
        List<Rgb8Image> photos = pairs.stream().map(TrainingPair::input).toList();
        network.calibrateRunningStatisticsOn(photos, ChannelOrder.RGB, pairs.get(0).conditions());
        out.printf(Locale.ROOT, "running statistics measured on %d training photos at %d px long side%n",
                photos.size(), largest);
    }

    /**
     * The CAN of a model directory: this trainer trains context aggregation networks only.
     *
     * @throws IOException naming the kind the directory holds instead
     */
    private static CanSpec canOf(ModelDescriptor descriptor) throws IOException {
        if (!(descriptor.network() instanceof CanSpec can)) {
            throw new IOException("the model of " + descriptor.operatorId() + " is a " + descriptor.network().type()
                    + "; train trains context aggregation networks");
        }
        return can;
    }

}
