package io.fastimage.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;
import io.fastimage.image.ImageMetrics;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.ChannelOrder;
import io.fastimage.model.GradMode;
import io.fastimage.model.ImageTensors;
import io.fastimage.model.InputPlane;
import io.fastimage.model.InputPlanes;
import io.fastimage.model.ModelDescriptor.AccuracyMeasurement;
import io.fastimage.model.ModelDescriptor.Origin;
import io.fastimage.model.ModelDescriptor.Provenance;
import io.fastimage.model.ModelDirectory;
import io.fastimage.model.NetworkBlock;
import io.fastimage.model.OutputQuantization;
import io.fastimage.model.PlaneContext;
import io.fastimage.model.SymmetricPadding;
import io.fastimage.operator.ParameterSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The training loop every network kind shares: Adam on the mean squared error of random crops or whole pairs
 * (whatever inputs the block makes of an image, {@link NetworkBlock#inputs}), validation on whole photos at an
 * interval, and an atomic save of the model directory (weights, model.json, card, history, curve) whenever
 * validation improves. The trainers of each kind ({@link CanTrainer}, {@link GuidedFilterTrainer}) only decide
 * where a run starts.
 */
final class NetworkTraining {

    static final int WARM_UP_STEPS = 100;
    /** Provenance source of the weights this trainer computes. */
    private static final String JAVA_TRAINER = "trained with fastimage train (Java, DJL " + ai.djl.engine.Engine.getDjlVersion()
            + ", PyTorch engine, CPU)";

    /**
     * How long and how a run trains: {@code cropSize} {@link #WHOLE_IMAGES} shows one whole pair per step.
     */
    record Schedule(int batchSize, int cropSize, float learningRate, long steps, Duration maxTime, int validateEvery,
                    long seed, float emaDecay) {
        static final int WHOLE_IMAGES = 0;

        /** Without a weight average: validations and saves see the weights of the step they follow. */
        static final float NO_AVERAGE = 0;

        boolean wholeImages() {
            return cropSize == WHOLE_IMAGES;
        }
    }

    /** Where a run starts: the network, its history, the released network it derives from (or null), and
     * whether to save it before the first step if it beats its recorded best (it is new or was converted). */
    record Start(NetworkBlock network, TrainingHistory history, Origin origin, boolean saveIfBetter) {
    }

    private final Path modelDirectory;
    private final CanTrainer.Data data;
    private final PrintStream out;
    private final String command;
    /** Doing nothing scores the same at every save: measured once. */
    private final Evaluation cardBaseline;
    private final Evaluation ciBaseline;

    NetworkTraining(Path modelDirectory, CanTrainer.Data data, PrintStream out, String command) {
        this.modelDirectory = modelDirectory;
        this.data = data;
        this.out = out;
        this.command = command;
        this.cardBaseline = Evaluation.of(image -> image, data.cardValidation());
        this.ciBaseline = Evaluation.of(image -> image, data.ciSubset());
    }

    /**
     * The learning rate ramps up over the first {@link #WARM_UP_STEPS} steps of every run (a quarter of a
     * shorter run): Adam's moment
     * estimates start empty (they are not saved with the model), and full-size first steps would throw a
     * resumed network off the minimum it was saved at.
     */
    static Tracker learningRate(Schedule settings) {
        int warmUp = (int) Math.min(WARM_UP_STEPS, Math.max(1, settings.steps() / 4));
        return WarmUpTracker.builder().optWarmUpBeginValue(settings.learningRate() / warmUp)
                .optWarmUpSteps(warmUp).setMainTracker(Tracker.fixed(settings.learningRate())).build();
    }

    /**
     * Trains until the step or time budget is spent. A model whose statistics were just switched is saved
     * before the first step when the switch alone beats its best validation.
     */
    CanTrainer.Result loop(Trainer trainer, Start begin, Schedule settings, String runDate) throws IOException {
        NetworkBlock network = begin.network();
        if (!unweighted() && !settings.wholeImages()) {
            throw new IllegalArgumentException("a border weight applies to whole photos (crop 0), not to crops");
        }
        TrainingHistory history = begin.history();
        if (data.augment() && network.spec().inputs().positionDependent()) {
            // A mirrored or turned pair would put its target's strokes where the plane says none are.
            throw new IllegalArgumentException("inputs " + network.spec().inputs().summary()
                    + " depend on image position: train without flips and turns (--no-augment)");
        }
        CropSampler sampler = new CropSampler(data.training(), settings.seed() + history.steps(), data.augment(),
                data.borderCrops(), network.spec().inputs(), network.spec().symmetricPadding());
        int crop = settings.wholeImages() ? Schedule.WHOLE_IMAGES : Math.min(settings.cropSize(), sampler.largestCrop());
        double startPsnr = validate(trainer, network);
        String validationSet = validationSet(network.spec().inputs());
        if (history.validationSet() != null && !history.validationSet().equals(validationSet)) {
            out.printf(Locale.ROOT, "the validation set changed since the last run (was %s, now %s): the runs before "
                    + "no longer count for the best validation%n", history.validationSet(), validationSet);
        } else if (history.validationSet() == null && !history.points().isEmpty()) {
            out.printf(Locale.ROOT, "%s records no validation set (written before sets were recorded): its points %s, %s%n",
                    TrainingHistory.FILE_NAME, unweighted() ? "count as measured on this run's"
                            : "were measured unweighted and no longer count for the best validation on this run's",
                    validationSet);
        }
        history.validatedOn(validationSet, unweighted());
        double savedBest = history.bestValidation();
        double best = Math.max(startPsnr, savedBest);
        out.printf(Locale.ROOT, "validation PSNR before this run: %.2f dB (%s); %d training pairs, %s, batch %d, lr %g%n",
                startPsnr, validationSet, data.training().size(), settings.wholeImages() ? "whole images" : "crops " + crop,
                settings.batchSize(), settings.learningRate());
        if (begin.saveIfBetter() && startPsnr > savedBest) {
            save(trainer, network, history, begin.origin());
        }
        long start = System.nanoTime();
        long deadline = start + Math.min(settings.maxTime().toNanos(), Long.MAX_VALUE / 4);
        Progress progress = new Progress(out, data.operatorId(), settings.steps(), deadline);
        long firstStep = history.steps();
        double lossSum = 0;
        int lossCount = 0;
        long step = 0;
        try (WeightAverage average = settings.emaDecay() == Schedule.NO_AVERAGE ? null
                : new WeightAverage(network, settings.emaDecay(), trainer.getManager())) {
            if (average != null) {
                out.printf(Locale.ROOT, "validations and saves take the weights' moving average (decay %s)%n", settings.emaDecay());
            }
            while (step < settings.steps() && System.nanoTime() < deadline) {
                lossSum += trainingStep(trainer, network, sampler, settings, crop, data.borderWeight());
                lossCount++;
                if (average != null) {
                    average.update();
                }
                step++;
                if (step % 10 == 0) {
                    progress.report(step, "steps", String.format(Locale.ROOT, "loss %.5f (%.2f dB)",
                            lossSum / lossCount, psnr(lossSum / lossCount)));
                }
                boolean last = step == settings.steps() || System.nanoTime() >= deadline;
                if (step % settings.validateEvery() == 0 || last) {
                    try (WeightAverage.Swap averaged = average == null ? () -> { } : average.swappedIn()) {
                        double validation = validate(trainer, network);
                        history.addPoint(new TrainingHistory.Point(firstStep + step, psnr(lossSum / lossCount), validation));
                        double seconds = (System.nanoTime() - start) / 1e9;
                        history.recordRun(new TrainingHistory.Run(runDate, command, firstStep, firstStep + step, seconds));
                        out.printf(Locale.ROOT, "step %d: validation %.2f dB (best %.2f)%n", firstStep + step, validation, best);
                        if (validation > best || !Files.exists(modelDirectory)) {
                            best = Math.max(best, validation);
                            save(trainer, network, history, begin.origin());
                        }
                    }
                    lossSum = 0;
                    lossCount = 0;
                }
            }
        }
        return new CanTrainer.Result(startPsnr, best, history.steps());
    }

    /**
     * Takes the weights of a run made elsewhere ({@link FineTunedRun}) into the model when they score better on the
     * card's validation photos than the model's own weights (the card is what the run is for: a run on a GPU trains
     * and validates at the card's resolution, which the quick in-training validation does not show). The history
     * gains the run (its steps up to the saved weights) and a point validated here as training validates, and the
     * model is saved with its card as a training run saves it. Otherwise nothing changes.
     *
     * @return whether the weights were taken
     * @throws IllegalArgumentException when the run trained another operator
     * @throws IOException              when the weights do not fit the network (checked before anything is scored),
     *                                  or saving fails
     */
    boolean adopt(Trainer trainer, Start begin, FineTunedRun run) throws IOException {
        if (!run.operatorId().equals(data.operatorId())) {
            throw new IllegalArgumentException("the run trained " + run.operatorId() + ", not " + data.operatorId());
        }
        NetworkBlock network = begin.network();
        // The weights must fit before the model is scored (a minute at the card's size).
        try (NDManager scratch = trainer.getManager().newSubManager()) {
            NetworkBlock candidate = network.spec().newBlock();
            candidate.initialize(scratch);
            ModelDirectory.assignWeights(candidate, run.weights(), FineTunedRun.WEIGHTS_FILE, scratch);
        }
        double before = cardPsnr(trainer, network);
        ModelDirectory.assignWeights(network, run.weights(), FineTunedRun.WEIGHTS_FILE, trainer.getManager());
        double after = cardPsnr(trainer, network);
        out.printf(Locale.ROOT, "PSNR on %s: %.2f dB with the model's weights, %.2f dB with the run's%n",
                data.cardValidationLabel(), before, after);
        if (!(after > before)) {
            out.printf(Locale.ROOT, "not adopted: the run's weights are not better than the model's%n");
            return false;
        }
        TrainingHistory history = begin.history();
        history.validatedOn(validationSet(network.spec().inputs()), unweighted());
        long firstStep = history.steps();
        history.addPoint(new TrainingHistory.Point(firstStep + run.steps(), run.trainingPsnr(), validate(trainer, network)));
        history.recordRun(new TrainingHistory.Run(run.date(), run.command(), firstStep, firstStep + run.steps(), run.seconds()));
        save(trainer, network, history, begin.origin(), "fine-tuned with " + run.source() + " after " + JAVA_TRAINER);
        return true;
    }

    private double cardPsnr(Trainer trainer, NetworkBlock network) {
        return Evaluation.ofPairs(pair -> infer(trainer, network, pair), data.cardValidation()).meanPsnr();
    }

    /**
     * One optimizer step on a batch of crops (or one whole pair, its border band weighted {@code borderWeight});
     * returns the batch's loss before the step.
     */
    private static float trainingStep(Trainer trainer, NetworkBlock network, CropSampler sampler, Schedule settings,
                                      int crop, float borderWeight) {
        try (NDManager batchManager = trainer.getManager().newSubManager()) {
            float loss;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray prediction;
                NDList batch;
                if (settings.wholeImages()) {
                    TrainingPair pair = sampler.wholePair();
                    prediction = servedPrediction(trainer::forward, network, pair, batchManager);
                    batch = new NDList(prediction, ImageTensors.toTensor(batchManager, pair.target(), ChannelOrder.RGB));
                    if (borderWeight != CanTrainer.Data.UNIFORM) {
                        batch.add(borderWeights(batchManager, pair.input().width(), pair.input().height(), borderWeight));
                    }
                } else {
                    batch = sampler.batch(batchManager, settings.batchSize(), crop);
                    prediction = trainer.forward(new NDList(batch.get(0))).singletonOrThrow();
                }
                NDArray batchLoss = meanSquaredError(prediction, batch);
                collector.backward(batchLoss);
                loss = batchLoss.getFloat();
            }
            trainer.step();
            return loss;
        }
    }

    /**
     * The network's output {@code (1, 3, H, W)} on a pair's whole {@code H × W} input, as served: on the photo mirrored
     * beyond its border by the network's {@link io.fastimage.model.NetworkSpec#symmetricPadding() margin}, which is
     * cut from the output, so a whole-image loss trains the border that serving shows the network, not a zero-padded
     * one it never serves.
     */
    static NDArray servedPrediction(UnaryOperator<NDList> forward, NetworkBlock network, TrainingPair pair,
                                    NDManager manager) {
        int margin = network.spec().symmetricPadding();
        NDList inputs = network.inputs(manager, SymmetricPadding.extended(pair.input(), margin), ChannelOrder.RGB,
                pair.conditions().shifted(-margin, -margin));
        NDArray output = forward.apply(inputs).singletonOrThrow();
        if (margin == 0) {
            return output;
        }
        return output.get(new NDIndex(":, :, {}:{}, {}:{}", margin, margin + pair.input().height(), margin,
                margin + pair.input().width()));
    }

    /**
     * Per-pixel loss weights {@code (1, 1, height, width)}: {@code weight} in the outer {@value Evaluation#BORDER_BAND}
     * px of the photo, 1 inside.
     */
    static NDArray borderWeights(NDManager manager, int width, int height, float weight) {
        float[] weights = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean band = Math.min(Math.min(x, width - 1 - x), Math.min(y, height - 1 - y)) < Evaluation.BORDER_BAND;
                weights[y * width + x] = band ? weight : 1;
            }
        }
        return manager.create(weights, new Shape(1, 1, height, width));
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

    /**
     * Mean PSNR (dB) over the in-training validation pairs (over all their conditions alike). With a border weight
     * it is the PSNR of the error weighted as the loss weighs it (the outer {@value Evaluation#BORDER_BAND} px
     * {@code borderWeight} times the rest), so a run that trades some interior accuracy for a smaller frame saves
     * what it trains for; the card still reports the plain PSNR and the frame.
     */
    private double validate(Trainer trainer, NetworkBlock network) {
        return data.validation().stream().mapToDouble(pair -> {
            Rgb8Image output = infer(trainer, network, pair);
            return unweighted() ? ImageMetrics.psnr(output, pair.target())
                    : ImageMetrics.psnr(ImageMetrics.bandErrors(output, pair.target(), Evaluation.BORDER_BAND)
                            .weightedMeanSquaredError(data.borderWeight()));
        }).average().orElseThrow();
    }

    /**
     * The network on a pair's whole input under the pair's conditions, as serving runs it (its symmetric padding
     * included), without tiles.
     */
    private static Rgb8Image infer(Trainer trainer, NetworkBlock network, TrainingPair pair) {
        return SymmetricPadding.applyWhole(pair.input(), network.spec().symmetricPadding(), (region, x, y) ->
                inferRegion(trainer, network, region, pair.conditions().shifted(x, y)));
    }

    private static Rgb8Image inferRegion(Trainer trainer, NetworkBlock network, Rgb8Image image, PlaneContext context) {
        try (NDManager manager = trainer.getManager().newSubManager()) {
            NDList inputs = network.inputs(manager, image, ChannelOrder.RGB, context);
            NDArray output = GradMode.disabledDuring(() -> trainer.evaluate(inputs).singletonOrThrow());
            return ImageTensors.toImage(output.toFloatArray(), image.width(), image.height(), ChannelOrder.RGB,
                    OutputQuantization.ROUND);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("inference failed: " + e.getMessage(), e);
        }
    }

    /**
     * Saves the model with its card. Pairs made under several conditions (parameter values, tasks) are measured
     * per condition, each set of accuracy entries labelled with {@link #conditionSuffix}; the card shows the
     * mean over all of them.
     */
    private void save(Trainer trainer, NetworkBlock network, TrainingHistory history, Origin origin)
            throws IOException {
        save(trainer, network, history, origin, JAVA_TRAINER);
    }

    private void save(Trainer trainer, NetworkBlock network, TrainingHistory history, Origin origin, String source)
            throws IOException {
        Evaluation card = Evaluation.ofPairs(pair -> infer(trainer, network, pair), data.cardValidation());
        Evaluation ci = Evaluation.ofPairs(pair -> infer(trainer, network, pair), data.ciSubset());
        InputPlanes inputs = network.spec().inputs();
        List<String> cardConditions = conditionSuffixes(data.cardValidation(), inputs);
        List<String> ciConditions = conditionSuffixes(data.ciSubset(), inputs);
        List<AccuracyMeasurement> accuracy = new ArrayList<>();
        for (String condition : cardConditions.stream().distinct().toList()) {
            if (!ciConditions.contains(condition)) {
                throw new IllegalStateException("the CI subset has no pairs under conditions '" + condition + "'");
            }
            accuracy.addAll(Evaluation.accuracyEntries(
                    card.where(cardConditions, condition), cardBaseline.where(cardConditions, condition),
                    data.cardValidationLabel() + condition,
                    ci.where(ciConditions, condition), ciBaseline.where(ciConditions, condition),
                    data.ciSubsetLabel() + condition));
        }
        Provenance provenance = new Provenance(source, data.description(), history.steps(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), command, origin);
        Map<String, byte[]> extras = new LinkedHashMap<>();
        extras.put(TrainingHistory.FILE_NAME, history.toJson());
        extras.put(ModelCard.CURVE_FILE, TrainingCurve.png(data.operatorId() + ": PSNR against the reference operator",
                history.points()));
        extras.put(ModelCard.FILE_NAME, ModelCard.markdown(data.operatorId(), network.spec(), provenance, history,
                new ModelCard.Scores(card, cardBaseline, data.cardValidationLabel()),
                new ModelCard.Scores(ci, ciBaseline, data.ciSubsetLabel()), (int) cardConditions.stream().distinct().count(),
                null)
                .getBytes(StandardCharsets.UTF_8));
        ModelDirectory.replace(modelDirectory, network, new ModelDirectory.Metadata(data.operatorId(), ChannelOrder.RGB,
                OutputQuantization.ROUND, provenance, accuracy), extras);
        out.printf(Locale.ROOT, "saved %s: %.2f dB / SSIM %.4f / frame %.2f on %s, %.2f dB on %s%n", modelDirectory,
                card.meanPsnr(), card.meanSsim(), card.worstBorderErrorRatio(), data.cardValidationLabel(), ci.meanPsnr(),
                data.ciSubsetLabel());
    }

    /** Whether the loss and the validation weigh every pixel alike (no {@code --border-weight}). */
    private boolean unweighted() {
        return data.borderWeight() == CanTrainer.Data.UNIFORM;
    }

    /**
     * What the in-training validation measures, so runs on different sets or weightings are not compared: the number
     * of pairs, their conditions ({@link #conditionSuffix}, "default" for none), a digest of each pair's name, size and
     * conditions, and the border weight when there is one ({@link #validate}). Examples: {@code "6 pairs under default
     * (sha256 3f2a…)"}, {@code "6 pairs under default (sha256 3f2a…), outer 4 px weighted 64.0"}.
     */
    private String validationSet(InputPlanes inputs) {
        List<String> conditions = conditionSuffixes(data.validation(), inputs);
        StringBuilder identity = new StringBuilder();
        for (int i = 0; i < data.validation().size(); i++) {
            TrainingPair pair = data.validation().get(i);
            identity.append(pair.name()).append(' ').append(pair.input().width()).append('x')
                    .append(pair.input().height()).append(conditions.get(i)).append('\n');
        }
        String distinct = String.join(",", conditions.stream().distinct()
                .map(condition -> condition.isEmpty() ? "default" : condition.strip()).toList());
        String weighting = unweighted() ? ""
                : String.format(Locale.ROOT, ", outer %d px weighted %s", Evaluation.BORDER_BAND, data.borderWeight());
        return String.format(Locale.ROOT, "%d pairs under %s (sha256 %s)%s", data.validation().size(), distinct,
                SourcePhoto.sha256(identity.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16), weighting);
    }

    /** Each pair's {@link #conditionSuffix} for this run's network, in order. */
    private List<String> conditionSuffixes(List<TrainingPair> pairs, InputPlanes inputs) {
        return pairs.stream().map(pair -> conditionSuffix(pair.conditions(), inputs, data.operatorId())).toList();
    }

    /**
     * What distinguishes accuracy entries measured under {@code conditions} in model.json: {@code " at NAME VALUE"}
     * for each parameter plane whose value is not its default (as {@code score --label-suffix} writes them), then
     * {@link InputPlane.Task#accuracySuffix} when the network has task planes and is not {@code ownTask}'s own
     * network (how a shared network's variants find their own entries; a network trained for one operator, task
     * planes and all, labels its entries plainly, as a variant of that operator reads them); empty for a network
     * without such planes at its defaults.
     */
    static String conditionSuffix(PlaneContext conditions, InputPlanes inputs, String ownTask) {
        StringBuilder suffix = new StringBuilder();
        for (InputPlane.Parameter plane : inputs.parameters()) {
            Double value = conditions.parameters().get(plane.name());
            if (value != null && value != plane.defaultValue()) {
                suffix.append(" at ").append(plane.name()).append(' ').append(ParameterSpec.format(value));
            }
        }
        if (inputs.extra().stream().anyMatch(InputPlane.Task.class::isInstance) && !conditions.task().equals(ownTask)) {
            suffix.append(InputPlane.Task.accuracySuffix(conditions.task()));
        }
        return suffix.toString();
    }

    private static double psnr(double meanSquaredError) {
        return 10 * Math.log10(1 / meanSquaredError);
    }
}
