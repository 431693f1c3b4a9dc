package io.fastimage.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.ChannelOrder;
import io.fastimage.model.GradMode;
import io.fastimage.model.ImageTensors;
import io.fastimage.model.InputPlanes;
import io.fastimage.model.PlaneContext;
import io.fastimage.model.ModelDescriptor;
import io.fastimage.model.ModelDescriptor.AccuracyMeasurement;
import io.fastimage.model.ModelDescriptor.Origin;
import io.fastimage.model.ModelDescriptor.Provenance;
import io.fastimage.model.ModelDirectory;
import io.fastimage.model.OutputQuantization;
import io.fastimage.model.can.CanArchitecture;
import io.fastimage.model.can.CanSpec;
import io.fastimage.model.can.ContextAggregationNetwork;
import io.fastimage.model.can.NormalizationStatistics;
import io.fastimage.model.can.TfCheckpointImporter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains one operator's CAN: Adam on the mean squared error of random crops, from identity-initialised
 * convolutions or from the model already in the repository. At every validation interval the network
 * runs on the whole validation photos; when their PSNR improves, the model directory is replaced
 * atomically with the weights, the model card, the history and the curve. A run therefore never loses
 * more than one interval, and stopping it at any time leaves the best model so far on disk.
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
     */
    public record Settings(CanArchitecture architecture, NormalizationStatistics statistics, int batchSize,
                           int cropSize, float learningRate, long steps, Duration maxTime, int validateEvery,
                           long seed, InputPlanes inputs) {
        public static final int WHOLE_IMAGES = 0;

        /** Settings that keep the network's own inputs. */
        public Settings(CanArchitecture architecture, NormalizationStatistics statistics, int batchSize, int cropSize,
                        float learningRate, long steps, Duration maxTime, int validateEvery, long seed) {
            this(architecture, statistics, batchSize, cropSize, learningRate, steps, maxTime, validateEvery, seed, null);
        }

        public Settings {
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
    }

    /** The data of one operator: training pairs, validation pairs for the curve and for the model card. */
    public record Data(String operatorId, List<TrainingPair> training, List<TrainingPair> validation,
                       List<TrainingPair> cardValidation, String cardValidationLabel,
                       List<TrainingPair> ciSubset, String ciSubsetLabel, String description, boolean augment) {
    }

    static final int WARM_UP_STEPS = 100;
    /**
     * The accuracy metric of doing nothing: PSNR of the unchanged input against the exact operator's
     * output. A network is worth shipping only well above it.
     */
    public static final String DO_NOTHING_PSNR = "do-nothing-psnr-db";

    private final Path modelDirectory;
    private final Data data;
    private final PrintStream out;
    private final String command;
    /** Doing nothing scores the same at every save: measured once. */
    private final Evaluation cardBaseline;
    private final Evaluation ciBaseline;

    public CanTrainer(Path modelsRoot, Data data, PrintStream out, String command) {
        this.modelDirectory = modelsRoot.resolve(data.operatorId());
        this.data = data;
        this.out = out;
        this.command = command;
        this.cardBaseline = Evaluation.of(image -> image, data.cardValidation());
        this.ciBaseline = Evaluation.of(image -> image, data.ciSubset());
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
            Start start = exists ? resumed(settings, model.getNDManager())
                    : initFrom != null ? initialisedFrom(initFrom, settings, model.getNDManager())
                    : fresh(settings, model.getNDManager());
            start = withInputs(start, settings.inputs(), model.getNDManager());
            model.setBlock(start.network());
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(learningRate(settings)).build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                int side = settings.wholeImages() ? 64 : settings.cropSize();
                trainer.initialize(new Shape(settings.batchSize(), start.network().architecture().inputChannels(), side, side));
                return loop(trainer, start, settings, runDate);
            }
        }
    }

    /**
     * The network a run starts from, its history, the released network it derives from (or null), and
     * whether it should be saved before the first step if it beats its recorded best (its statistics
     * changed, or it is new).
     */
    private record Start(ContextAggregationNetwork network, TrainingHistory history, Origin origin, boolean saveIfBetter) {
    }

    private Start resumed(Settings settings, NDManager manager) throws IOException {
        ModelDescriptor descriptor = ModelDirectory.readDescriptor(modelDirectory);
        CanSpec can = canOf(descriptor);
        NormalizationStatistics saved = can.statistics();
        boolean switched = settings.statistics() != null && settings.statistics() != saved;
        if (switched) {
            out.printf(Locale.ROOT, "switching %s from %s to %s statistics, weights kept%n", data.operatorId(),
                    saved.jsonName(), settings.statistics().jsonName());
            can = can.withStatistics(settings.statistics());
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
        return new Start(network, history, descriptor.provenance().origin(), switched);
    }

    /** {@code start} taking {@code inputs} (null: as it is), new planes' first-layer weights at zero. */
    private Start withInputs(Start start, InputPlanes inputs, NDManager manager) {
        if (inputs == null || inputs.equals(start.network().architecture().inputs())) {
            return start;
        }
        ContextAggregationNetwork widened = start.network().withInputs(inputs, manager);
        out.printf(Locale.ROOT, "inputs now %s (new planes' first-layer weights start at zero)%n", inputs.summary());
        return new Start(widened, start.history(), start.origin(), true);
    }

    private Start fresh(Settings settings, NDManager manager) {
        NormalizationStatistics statistics = settings.statistics() == null
                ? NormalizationStatistics.RUNNING : settings.statistics();
        CanArchitecture architecture = settings.inputs() == null ? settings.architecture()
                : settings.architecture().withInputs(settings.inputs());
        ContextAggregationNetwork network = new ContextAggregationNetwork(architecture, statistics,
                ContextAggregationNetwork.Initialization.IDENTITY);
        network.initialize(manager);
        out.printf(Locale.ROOT, "new %s model (%s, %s statistics), identity-initialised%n", data.operatorId(),
                network.spec().summary(), statistics.jsonName());
        return new Start(network, new TrainingHistory(), null, false);
    }

    private Start initialisedFrom(Path source, Settings settings, NDManager manager) throws IOException {
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
        return new Start(network, new TrainingHistory(), origin, true);
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
        List<Rgb8Image> photos = data.training().stream()
                .filter(p -> Math.max(p.input().width(), p.input().height()) == largest).map(TrainingPair::input).toList();
        network.calibrateRunningStatisticsOn(photos, ChannelOrder.RGB, planeContext());
        out.printf(Locale.ROOT, "running statistics measured on %d training photos at %d px long side%n",
                photos.size(), largest);
    }

    /**
     * The learning rate ramps up over the first {@link #WARM_UP_STEPS} steps of every run (a quarter of a
     * shorter run): Adam's moment
     * estimates start empty (they are not saved with the model), and full-size first steps would throw a
     * resumed network off the minimum it was saved at.
     */
    private static Tracker learningRate(Settings settings) {
        int warmUp = (int) Math.min(WARM_UP_STEPS, Math.max(1, settings.steps() / 4));
        return WarmUpTracker.builder().optWarmUpBeginValue(settings.learningRate() / warmUp)
                .optWarmUpSteps(warmUp).setMainTracker(Tracker.fixed(settings.learningRate())).build();
    }

    /**
     * Trains until the step or time budget is spent. A model whose statistics were just switched is saved
     * before the first step when the switch alone beats its best validation.
     */
    private Result loop(Trainer trainer, Start begin, Settings settings, String runDate) throws IOException {
        ContextAggregationNetwork network = begin.network();
        TrainingHistory history = begin.history();
        if (data.augment() && network.architecture().inputs().positionDependent()) {
            // A mirrored or turned pair would put its target's strokes where the plane says none are.
            throw new IllegalArgumentException("inputs " + network.architecture().inputs().summary()
                    + " depend on image position: train without flips and turns (--no-augment)");
        }
        CropSampler sampler = new CropSampler(data.training(), settings.seed() + history.steps(), data.augment(),
                network.architecture().inputs(), planeContext());
        int crop = settings.wholeImages() ? Settings.WHOLE_IMAGES : Math.min(settings.cropSize(), sampler.largestCrop());
        long firstStep = history.steps();
        double startPsnr = validate(trainer);
        double savedBest = history.points().stream()
                .mapToDouble(TrainingHistory.Point::validationPsnr).max().orElse(Double.NEGATIVE_INFINITY);
        double best = Math.max(startPsnr, savedBest);
        out.printf(Locale.ROOT, "validation PSNR before this run: %.2f dB; %d training pairs, %s, batch %d, lr %g%n",
                startPsnr, data.training().size(), settings.wholeImages() ? "whole images" : "crops " + crop,
                settings.batchSize(), settings.learningRate());
        if (begin.saveIfBetter() && startPsnr > savedBest) {
            save(trainer, network, history, begin.origin());
        }
        long start = System.nanoTime();
        long deadline = start + Math.min(settings.maxTime().toNanos(), Long.MAX_VALUE / 4);
        Progress progress = new Progress(out, data.operatorId(), settings.steps(), deadline);
        double lossSum = 0;
        int lossCount = 0;
        long step = 0;
        while (step < settings.steps() && System.nanoTime() < deadline) {
            try (NDManager batchManager = trainer.getManager().newSubManager()) {
                NDList batch = settings.wholeImages() ? sampler.wholePair(batchManager)
                        : sampler.batch(batchManager, settings.batchSize(), crop);
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray prediction = trainer.forward(new NDList(batch.get(0))).singletonOrThrow();
                    NDArray loss = meanSquaredError(prediction, batch);
                    collector.backward(loss);
                    lossSum += loss.getFloat();
                    lossCount++;
                }
                trainer.step();
            }
            step++;
            if (step % 10 == 0) {
                progress.report(step, "steps", String.format(Locale.ROOT, "loss %.5f (%.2f dB)",
                        lossSum / lossCount, psnr(lossSum / lossCount)));
            }
            boolean last = step == settings.steps() || System.nanoTime() >= deadline;
            if (step % settings.validateEvery() == 0 || last) {
                double validation = validate(trainer);
                history.addPoint(new TrainingHistory.Point(firstStep + step, psnr(lossSum / lossCount), validation));
                double seconds = (System.nanoTime() - start) / 1e9;
                history.recordRun(new TrainingHistory.Run(runDate, command, firstStep, firstStep + step, seconds));
                out.printf(Locale.ROOT, "step %d: validation %.2f dB (best %.2f)%n", firstStep + step, validation, best);
                if (validation > best || !Files.exists(modelDirectory)) {
                    best = Math.max(best, validation);
                    save(trainer, network, history, begin.origin());
                }
                lossSum = 0;
                lossCount = 0;
            }
        }
        return new Result(startPsnr, best, history.steps());
    }

    /**
     * The mean squared error of {@code prediction} against {@code batch}'s target ({@code [input, target]}, or
     * {@code [input, target, weights]} with per-pixel weights broadcast over the colour channels).
     */
    static NDArray meanSquaredError(NDArray prediction, NDList batch) {
        NDArray squared = prediction.sub(batch.get(1)).square();
        if (batch.size() < 3) {
            return squared.mean();
        }
        NDArray weights = batch.get(2);
        return squared.mul(weights).sum().div(weights.sum().mul(prediction.getShape().get(1)));
    }

    /** Mean PSNR over the in-training validation pairs. */
    private double validate(Trainer trainer) {
        return Evaluation.of(image -> infer(trainer, image), data.validation()).meanPsnr();
    }

    /**
     * The context of the network's extra input planes in training and validation: parameters at their
     * defaults, this operator's task; crops shift it to their offsets.
     */
    private PlaneContext planeContext() {
        return PlaneContext.whole(Map.of(), data.operatorId());
    }

    private Rgb8Image infer(Trainer trainer, Rgb8Image image) {
        InputPlanes inputs = ((ContextAggregationNetwork) trainer.getModel().getBlock()).architecture().inputs();
        try (NDManager manager = trainer.getManager().newSubManager()) {
            NDArray input = ImageTensors.toTensor(manager, image, ChannelOrder.RGB, inputs, planeContext());
            NDArray output = GradMode.disabledDuring(() -> trainer.evaluate(new NDList(input)).singletonOrThrow());
            return ImageTensors.toImage(output.toFloatArray(), image.width(), image.height(), ChannelOrder.RGB,
                    OutputQuantization.ROUND);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("inference failed: " + e.getMessage(), e);
        }
    }

    private void save(Trainer trainer, ContextAggregationNetwork network, TrainingHistory history, Origin origin)
            throws IOException {
        Evaluation card = Evaluation.of(image -> infer(trainer, image), data.cardValidation());
        Evaluation ci = Evaluation.of(image -> infer(trainer, image), data.ciSubset());
        List<AccuracyMeasurement> accuracy = List.of(
                new AccuracyMeasurement("psnr-db", round(card.meanPsnr(), 2), data.cardValidationLabel()),
                new AccuracyMeasurement("ssim", round(card.meanSsim(), 4), data.cardValidationLabel()),
                new AccuracyMeasurement(DO_NOTHING_PSNR, round(cardBaseline.meanPsnr(), 2), data.cardValidationLabel()),
                new AccuracyMeasurement("psnr-db", round(ci.meanPsnr(), 2), data.ciSubsetLabel()),
                new AccuracyMeasurement(DO_NOTHING_PSNR, round(ciBaseline.meanPsnr(), 2), data.ciSubsetLabel()));
        Provenance provenance = new Provenance("trained with fastimage train (Java, DJL " + ai.djl.engine.Engine.getDjlVersion()
                + ", PyTorch engine, CPU)", data.description(), history.steps(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), command, origin);
        Map<String, byte[]> extras = new LinkedHashMap<>();
        extras.put(TrainingHistory.FILE_NAME, history.toJson());
        extras.put(ModelCard.CURVE_FILE, TrainingCurve.png(data.operatorId() + ": PSNR against the reference operator",
                history.points()));
        extras.put(ModelCard.FILE_NAME, ModelCard.markdown(data.operatorId(), network.spec(), provenance, history,
                new ModelCard.Scores(card, cardBaseline, data.cardValidationLabel()),
                new ModelCard.Scores(ci, ciBaseline, data.ciSubsetLabel())).getBytes(StandardCharsets.UTF_8));
        ModelDirectory.replace(modelDirectory, network, new ModelDirectory.Metadata(data.operatorId(), ChannelOrder.RGB,
                OutputQuantization.ROUND, provenance, accuracy), extras);
        out.printf(Locale.ROOT, "saved %s: %.2f dB / SSIM %.4f on %s, %.2f dB on %s%n", modelDirectory,
                card.meanPsnr(), card.meanSsim(), data.cardValidationLabel(), ci.meanPsnr(), data.ciSubsetLabel());
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

    private static double psnr(double meanSquaredError) {
        return 10 * Math.log10(1 / meanSquaredError);
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
