package io.fastimage.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.fastimage.ConformanceKit;
import io.fastimage.model.can.CanSpec;
import io.fastimage.image.Resampling;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.can.CanArchitecture;
import io.fastimage.model.can.ContextAggregationNetwork;
import io.fastimage.model.ChannelOrder;
import io.fastimage.model.ImageTensors;
import io.fastimage.model.InputPlane;
import io.fastimage.model.InputPlanes;
import io.fastimage.model.ModelDescriptor;
import io.fastimage.model.ModelDirectory;
import io.fastimage.model.OutputQuantization;
import io.fastimage.model.PlaneContext;
import io.fastimage.model.SymmetricPadding;
import io.fastimage.model.can.NormalizationStatistics;
import io.fastimage.model.can.TfCheckpointImporter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training loop on a tiny synthetic operator (darken and tint: a per-pixel affine map the network can
 * learn quickly) with a small CAN, so each run takes seconds.
 */
class CanTrainerTest {

    private static final CanArchitecture TINY = new CanArchitecture(8, CanArchitecture.standardDilations(4), 3,
            CanArchitecture.AUTHORS_EPSILON);
    private static List<TrainingPair> training;
    private static List<TrainingPair> validation;

    @BeforeAll
    static void pairs() throws Exception {
        Rgb8Image photo = ConformanceKit.photo(ConformanceKit.PHOTO);
        training = new ArrayList<>();
        for (int side : new int[] {96, 128}) {
            Rgb8Image input = Resampling.toLongSide(photo, side);
            training.add(new TrainingPair("train@" + side, input, darkenAndTint(input), "l0-smoothing"));
        }
        Rgb8Image held = Resampling.toLongSide(Resampling.resize(photo, photo.width() / 2, photo.height()), 80);
        validation = List.of(new TrainingPair("validation", held, darkenAndTint(held), "l0-smoothing"));
    }

    private static Rgb8Image darkenAndTint(Rgb8Image image) {
        byte[] out = new byte[image.pixels().length];
        for (int i = 0; i < out.length; i++) {
            int channel = i % 3;
            out[i] = (byte) Math.round((image.pixels()[i] & 0xff) * 0.6 + (channel == 2 ? 60 : 10));
        }
        return new Rgb8Image(image.width(), image.height(), out);
    }

    private static CanTrainer trainer(Path models) {
        return trainer(models, new ByteArrayOutputStream());
    }

    private static CanTrainer trainer(Path models, ByteArrayOutputStream log) {
        CanTrainer.Data data = new CanTrainer.Data("l0-smoothing", training, validation, validation, "validation image",
                validation, "ci image", "synthetic test pairs", false, false, CanTrainer.Data.UNIFORM);
        return CanTrainer.at(models.resolve("l0-smoothing"), data, new PrintStream(log), "test");
    }

    private static CanTrainer.Settings settings(long steps) {
        return settings(NormalizationStatistics.RUNNING, 2, 48, steps);
    }

    private static CanTrainer.Settings settings(NormalizationStatistics statistics, int batch, int crop, long steps) {
        return new CanTrainer.Settings(TINY, statistics, batch, crop, 0.01f, steps, Duration.ofMinutes(5), 10, 7);
    }

    private static NormalizationStatistics savedStatistics(Path models) throws Exception {
        return ((CanSpec) ModelDirectory.readDescriptor(models.resolve("l0-smoothing")).network()).statistics();
    }

    @Test
    void lossFallsWithinAFewDozenStepsAndTheModelIsSaved(@TempDir Path models) throws Exception {
        CanTrainer.Result result = trainer(models).train(settings(40), false);

        assertThat(result.bestPsnr()).isGreaterThan(result.startPsnr() + 5);
        assertThat(result.steps()).isEqualTo(40);
        Path directory = models.resolve("l0-smoothing");
        ModelDescriptor descriptor = ModelDirectory.readDescriptor(directory);
        assertThat(descriptor.provenance().iterations()).isPositive();
        assertThat(descriptor.accuracy()).extracting(ModelDescriptor.AccuracyMeasurement::metric)
                .containsExactly("psnr-db", "ssim", Evaluation.DO_NOTHING_PSNR, Evaluation.BORDER_ERROR_RATIO, "psnr-db",
                        Evaluation.DO_NOTHING_PSNR);
        assertThat(descriptor.provenance().origin()).isNull();
        assertThat(directory.resolve("README.md")).content().contains("| steps |");
        assertThat(directory.resolve("training-curve.png")).isNotEmptyFile();
        assertThat(TrainingHistory.read(directory).points()).isNotEmpty();
    }

    private static CanTrainer.Settings frozenSettings(long steps) {
        return new CanTrainer.Settings(TINY, null, 2, 48, 0.01f, steps, Duration.ofMinutes(5), 10, 7, null, true, 0);
    }

    private static float[] storedRunningMean(Path models) throws Exception {
        Path directory = models.resolve("l0-smoothing");
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            ContextAggregationNetwork network = (ContextAggregationNetwork) ModelDirectory.loadNetwork(directory,
                    ModelDirectory.readDescriptor(directory), manager);
            return network.namedParameters().get("layer1.runningMean").getArray().toFloatArray();
        }
    }

    @Test
    void aRunWithFrozenStatisticsLearnsAndKeepsTheStoredStatistics(@TempDir Path models) throws Exception {
        trainer(models).train(settings(20), false);
        float[] measured = storedRunningMean(models);
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        CanTrainer.Result frozen = trainer(models, log).train(frozenSettings(40), true);

        assertThat(log.toString()).contains("statistics frozen");
        assertThat(frozen.bestPsnr()).isGreaterThan(frozen.startPsnr());
        assertThat(TrainingHistory.read(models.resolve("l0-smoothing")).steps()).isEqualTo(60);
        assertThat(storedRunningMean(models)).containsExactly(measured);
    }

    @Test
    void aRunValidatingTheWeightsMovingAverageLearnsAndSaysSo(@TempDir Path models) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CanTrainer.Settings settings = new CanTrainer.Settings(TINY, NormalizationStatistics.RUNNING, 2, 48, 0.01f, 40,
                Duration.ofMinutes(5), 10, 7, null, false, 0.8f);

        CanTrainer.Result result = trainer(models, log).train(settings, false);

        assertThat(log.toString()).contains("validations and saves take the weights' moving average (decay 0.8)");
        assertThat(result.bestPsnr()).isGreaterThan(result.startPsnr() + 5);
    }

    /**
     * Card labels: a network with task planes trained for one operator labels that operator's entries plainly, as a
     * variant of the operator reads them; a shared network (named otherwise) labels each task's with its suffix.
     */
    @Test
    void onlyAnotherNetworksTaskCarriesTheTaskSuffix() {
        InputPlanes tasks = new InputPlanes(List.of(new InputPlane.Task("l0-smoothing"), new InputPlane.Task("tv-l1")));
        PlaneContext l0 = PlaneContext.whole(Map.of(), "l0-smoothing");
        assertThat(NetworkTraining.conditionSuffix(l0, tasks, "l0-smoothing")).isEmpty();
        assertThat(NetworkTraining.conditionSuffix(l0, tasks, "combined-can32"))
                .isEqualTo(InputPlane.Task.accuracySuffix("l0-smoothing")).isNotEmpty();
        assertThat(NetworkTraining.conditionSuffix(l0, new InputPlanes(List.of()), "combined-can32")).isEmpty();
    }

    @Test
    void aNewNetworkHasNoStatisticsToFreeze(@TempDir Path models) {
        assertThatThrownBy(() -> trainer(models).train(frozenSettings(1), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a new network's statistics are not measured");
    }

    /** darken and tint, plus {@code 80·strength} on every channel: what a parameter plane can carry. */
    private static TrainingPair brightened(TrainingPair pair, double strength) {
        byte[] out = darkenAndTint(pair.input()).pixels().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Math.min(255, (out[i] & 0xff) + Math.round(80 * strength));
        }
        return new TrainingPair(pair.name() + " strength=" + strength, pair.input(),
                new Rgb8Image(pair.input().width(), pair.input().height(), out),
                PlaneContext.whole(Map.of("strength", strength), "l0-smoothing"));
    }

    /** Pairs of the synthetic operator at each strength, for a network with a strength plane (default 0.25). */
    private static CanTrainer.Data atStrengths(double... strengths) {
        List<TrainingPair> train = new ArrayList<>();
        List<TrainingPair> held = new ArrayList<>();
        for (double value : strengths) {
            training.forEach(pair -> train.add(brightened(pair, value)));
            validation.forEach(pair -> held.add(brightened(pair, value)));
        }
        return new CanTrainer.Data("l0-smoothing", train, held, held, "validation image", held,
                "ci image", "synthetic pairs at " + strengths.length + " strengths", false, false, CanTrainer.Data.UNIFORM);
    }

    private static CanTrainer.Settings strengthSettings(long steps) {
        InputPlane.Parameter strength = new InputPlane.Parameter("strength", 0, 1, InputPlane.Scale.LINEAR, 0, 1, 0.25);
        return new CanTrainer.Settings(TINY, NormalizationStatistics.RUNNING, 2, 48, 0.01f, steps,
                Duration.ofMinutes(5), 20, 7, new InputPlanes(List.of(strength)), false, 0);
    }

    @Test
    void pairsUnderSeveralParameterValuesTrainOneNetworkAndTheCardHasEntriesPerValue(@TempDir Path models)
            throws Exception {
        CanTrainer.Result result = CanTrainer.at(models.resolve("l0-smoothing"), atStrengths(0.25, 1),
                new PrintStream(new ByteArrayOutputStream()), "test").train(strengthSettings(60), false);

        assertThat(result.bestPsnr()).isGreaterThan(result.startPsnr() + 5);
        List<ModelDescriptor.AccuracyMeasurement> accuracy =
                ModelDirectory.readDescriptor(models.resolve("l0-smoothing")).accuracy();
        // The default value's entries carry the plain labels (what ShippedModelsTest and serving's default read),
        // the other value's say which value they were measured at, as score --label-suffix writes them.
        assertThat(accuracy).extracting(ModelDescriptor.AccuracyMeasurement::images).containsExactly(
                "validation image", "validation image", "validation image", "validation image", "ci image", "ci image",
                "validation image at strength 1", "validation image at strength 1", "validation image at strength 1",
                "validation image at strength 1", "ci image at strength 1", "ci image at strength 1");
        for (String label : List.of("validation image", "validation image at strength 1")) {
            double network = value(accuracy, "psnr-db", label);
            assertThat(network).as(label).isGreaterThan(value(accuracy, Evaluation.DO_NOTHING_PSNR, label) + 3);
        }
    }

    @Test
    void aRunOnAnotherValidationSetDoesNotCompareItsValidationsWithTheHistorys(@TempDir Path models) throws Exception {
        Path directory = models.resolve("l0-smoothing");
        CanTrainer.at(directory, atStrengths(0.25, 1), new PrintStream(new ByteArrayOutputStream()), "test")
                .train(strengthSettings(20), false);
        // A recorded best no run on these pairs can reach: only a run that compares with the history returns it.
        TrainingHistory history = TrainingHistory.read(directory);
        history.addPoint(new TrainingHistory.Point(history.steps(), 99, 99));
        Files.write(directory.resolve(TrainingHistory.FILE_NAME), history.toJson());
        ByteArrayOutputStream sameLog = new ByteArrayOutputStream();
        CanTrainer.Result same = CanTrainer.at(directory, atStrengths(0.25, 1), new PrintStream(sameLog), "test")
                .train(strengthSettings(1), true);
        ByteArrayOutputStream otherLog = new ByteArrayOutputStream();

        CanTrainer.Result other = CanTrainer.at(directory, atStrengths(0.25), new PrintStream(otherLog), "test")
                .train(strengthSettings(1), true);

        assertThat(history.validationSet()).startsWith("2 pairs under default,at strength 1 (sha256 ");
        assertThat(same.bestPsnr()).isEqualTo(99);
        assertThat(sameLog.toString()).doesNotContain("validation set changed");
        assertThat(otherLog.toString()).contains("the validation set changed since the last run (was "
                + history.validationSet() + ", now 1 pairs under default (sha256 ");
        assertThat(other.bestPsnr()).isLessThan(99);
    }

    private static double value(List<ModelDescriptor.AccuracyMeasurement> accuracy, String metric, String images) {
        return accuracy.stream().filter(a -> a.metric().equals(metric) && a.images().equals(images))
                .mapToDouble(ModelDescriptor.AccuracyMeasurement::value).findFirst().orElseThrow();
    }

    @Test
    void aModelInitialisedFromTheAuthorsCheckpointRecordsItsOriginAndCalibratesRunningStatistics(@TempDir Path models)
            throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Path checkpoint = ConformanceKit.L0_CHECKPOINT;
        CanTrainer.Settings settings = new CanTrainer.Settings(CanArchitecture.can24(), NormalizationStatistics.RUNNING,
                1, CanTrainer.Settings.WHOLE_IMAGES, 1e-5f, 2, Duration.ofMinutes(5), 2, 7);

        CanTrainer.Result result = trainer(models, log).train(settings, false, checkpoint);

        String output = log.toString();
        assertThat(output).contains("new l0-smoothing model from " + checkpoint, "running statistics measured on 1 training photos");
        ModelDescriptor descriptor = ModelDirectory.readDescriptor(models.resolve("l0-smoothing"));
        assertThat(descriptor.provenance().origin()).isEqualTo(TfCheckpointImporter.AUTHORS_RELEASE);
        assertThat(descriptor.network()).isEqualTo(new CanSpec(CanArchitecture.can24(), NormalizationStatistics.RUNNING));
        assertThat(result.steps()).isEqualTo(2);
        assertThat(models.resolve("l0-smoothing/README.md")).content()
                .contains("| started from | github.com/CQFIO/FastImageProcessing", "| licence and attribution | MIT; Qifeng Chen");
        // --init-from starts a new model only: an existing one is never overwritten by it.
        assertThatThrownBy(() -> trainer(models).train(settings, true, checkpoint))
                .hasMessageContaining("--init-from starts a new one");
    }

    @Test
    void aResumedRunStartsFromTheSavedWeightsAndCountsOn(@TempDir Path models) throws Exception {
        CanTrainer.Result first = trainer(models).train(settings(30), false);
        // The model is saved at its best validation, which need not be the last one.
        long savedSteps = ModelDirectory.readDescriptor(models.resolve("l0-smoothing")).provenance().iterations();

        CanTrainer.Result resumed = trainer(models).train(settings(20), true);

        // The same weights and running statistics on the same image give the same PSNR as when saved.
        assertThat(resumed.startPsnr()).isCloseTo(first.bestPsnr(), within(1e-6));
        assertThat(savedSteps).isBetween(10L, 30L);
        assertThat(resumed.steps()).isEqualTo(savedSteps + 20);
    }

    @Test
    void wholeImageStepsTrainAPerImageModel(@TempDir Path models) throws Exception {
        CanTrainer.Result result = trainer(models)
                .train(settings(NormalizationStatistics.PER_IMAGE, 1, CanTrainer.Settings.WHOLE_IMAGES, 40), false);

        assertThat(result.bestPsnr()).isGreaterThan(result.startPsnr() + 5);
        assertThat(savedStatistics(models)).isEqualTo(NormalizationStatistics.PER_IMAGE);
    }

    @Test
    void aWholeImageStepTrainsTheNetworkAsServedOnThePhotoMirroredBeyondItsBorder() {
        int margin = 8;
        // A position-dependent plane (the pencil texture) makes the planes' shift by the margin part of what is checked.
        InputPlanes texture = new InputPlanes(List.of(new InputPlane.Procedural(InputPlane.Procedural.PENCIL_TEXTURE)));
        CanArchitecture padded = new CanArchitecture(8, CanArchitecture.standardDilations(4), 4,
                CanArchitecture.AUTHORS_EPSILON, texture, margin);
        TrainingPair pair = validation.get(0);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            ContextAggregationNetwork network = new ContextAggregationNetwork(padded, NormalizationStatistics.PER_IMAGE,
                    ContextAggregationNetwork.Initialization.XAVIER);
            network.initialize(manager);
            ParameterStore store = new ParameterStore(manager, false);
            UnaryOperator<NDList> forward = inputs -> network.forward(store, inputs, false);
            Rgb8Image served = SymmetricPadding.applyWhole(pair.input(), margin, (region, x, y) -> image(
                    forward.apply(network.inputs(manager, region, ChannelOrder.RGB, pair.conditions().shifted(x, y)))
                            .singletonOrThrow(), region.width(), region.height()));
            NDArray bare = forward.apply(network.inputs(manager, pair.input(), ChannelOrder.RGB, pair.conditions()))
                    .singletonOrThrow();

            NDArray trained = NetworkTraining.servedPrediction(forward, network, pair, manager);

            assertThat(trained.getShape()).isEqualTo(new Shape(1, 3, pair.input().height(), pair.input().width()));
            assertThat(image(trained, pair.input().width(), pair.input().height()).pixels()).isEqualTo(served.pixels());
            // The two below compare the network's values before rounding and clipping: a random network's output
            // can lie outside [0, 1] nearly everywhere, and then the 8-bit images hide any difference.
            assertThat(bare.toFloatArray()).as("the bare photo's zero-padded border is another function")
                    .isNotEqualTo(trained.toFloatArray());
            TrainingPair shiftedTheOtherWay = new TrainingPair(pair.name(), pair.input(), pair.target(),
                    pair.conditions().shifted(2 * margin, 2 * margin));
            NDArray misplaced = NetworkTraining.servedPrediction(forward, network, shiftedTheOtherWay, manager);
            assertThat(misplaced.toFloatArray()).as("the texture shifted by +margin instead of -margin")
                    .isNotEqualTo(trained.toFloatArray());
        }
    }

    @Test
    void theCardOfATrainedNetworkIsRescoredAndOthersAreNot(@TempDir Path models) throws Exception {
        trainer(models).train(settings(10), false);
        Path directory = models.resolve("l0-smoothing");
        ModelDescriptor saved = ModelDirectory.readDescriptor(directory);
        List<String> labels = saved.accuracy().stream().map(ModelDescriptor.AccuracyMeasurement::images).distinct().toList();
        assertThat(labels).hasSize(2);
        ModelCard.Scores validationScores = scores(41.23, labels.get(0));
        ModelCard.Scores ciScores = scores(39.5, labels.get(1));
        String trainedCard = Files.readString(directory.resolve(ModelCard.FILE_NAME));

        String rewritten = ModelCard.rescored(directory, saved, validationScores, ciScores).orElseThrow();

        assertThat(rewritten).contains("scores measured again by `score --record`", "the weights unchanged",
                "41.23 dB / 0.9000 (doing nothing: 30.00 dB / 0.8000, gain +11.23 dB) on " + labels.get(0),
                "39.50 dB / 0.9000", "| validation | 64x48 | 41.23 | 0.9000 | 30.00 | +11.23 |");

        List<ModelDescriptor.AccuracyMeasurement> twoConditions = new ArrayList<>(saved.accuracy());
        twoConditions.add(new ModelDescriptor.AccuracyMeasurement("psnr-db", 35, labels.get(0) + " at lambda 0.005"));
        ModelDescriptor averaged = new ModelDescriptor(saved.formatVersion(), saved.operatorId(), saved.network(),
                saved.channelOrder(), saved.outputQuantization(), saved.weights(), saved.provenance(), twoConditions);
        assertThat(ModelCard.rescored(directory, averaged, scores(20, labels.get(0)), ciScores))
                .as("a card that averages conditions").isEmpty();
        Files.delete(directory.resolve(TrainingHistory.FILE_NAME));
        assertThat(ModelCard.rescored(directory, saved, scores(20, labels.get(0)), ciScores))
                .as("a directory that train did not write").isEmpty();
        assertThat(directory.resolve(ModelCard.FILE_NAME)).as("rescored only returns the card")
                .hasContent(trainedCard);
    }

    private static ModelCard.Scores scores(double psnr, String label) {
        return new ModelCard.Scores(
                new Evaluation(List.of(new Evaluation.ImageScore("validation", 64, 48, psnr, 0.9, 1.1))),
                new Evaluation(List.of(new Evaluation.ImageScore("validation", 64, 48, 30, 0.8, 1.0))), label);
    }

    @Test
    void theBorderWeightFallsOnTheOuterFourPixelsOfThePhotoOnly() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            float[] weights = NetworkTraining.borderWeights(manager, 12, 10, 5).toFloatArray();

            assertThat(weights).hasSize(120);
            assertThat(weights[0]).isEqualTo(5); // corner
            assertThat(weights[3 * 12 + 6]).isEqualTo(5); // row 3: the band's inner edge
            assertThat(weights[4 * 12 + 4]).isEqualTo(1); // 4 px in from two sides
            assertThat(weights[5 * 12 + 8]).isEqualTo(5); // column 8: 3 px from the right edge
            assertThat(weights[5 * 12 + 7]).isEqualTo(1);
            float sum = 0;
            for (float weight : weights) {
                sum += weight;
            }
            assertThat(sum).isEqualTo(8 * 1 + 112 * 5); // a 4 × 2 interior
        }
    }

    @Test
    void aBorderWeightIsAtLeastOneAndAppliesToWholePhotosOnly(@TempDir Path models) {
        assertThatThrownBy(() -> new CanTrainer.Data("l0-smoothing", training, validation, validation, "v", validation,
                "ci", "d", false, false, 0.5f)).hasMessageContaining("at least 1");
        CanTrainer.Data weighted = new CanTrainer.Data("l0-smoothing", training, validation, validation,
                "validation image", validation, "ci image", "synthetic test pairs", false, false, 4);
        CanTrainer crops = CanTrainer.at(models.resolve("l0-smoothing"), weighted, new PrintStream(new ByteArrayOutputStream()),
                "test");

        assertThatThrownBy(() -> crops.train(settings(5), false)).hasMessageContaining("whole photos");
        assertThat(models.resolve("l0-smoothing")).doesNotExist();
    }

    @Test
    void aBorderWeightedRunValidatesTheErrorAsItsLossWeighsItAndNotAgainstUnweightedValidations(@TempDir Path models)
            throws Exception {
        // The held-out target's outer 4 px are what no network makes of its input (black where the input is light,
        // white where dark), so the border's error is many times the interior's.
        TrainingPair held = validation.get(0);
        byte[] target = held.target().pixels().clone();
        int width = held.target().width();
        int height = held.target().height();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (Math.min(Math.min(x, width - 1 - x), Math.min(y, height - 1 - y)) < Evaluation.BORDER_BAND) {
                    for (int i = 3 * (y * width + x); i < 3 * (y * width + x) + 3; i++) {
                        target[i] = (byte) ((held.input().pixels()[i] & 0xff) < 128 ? 255 : 0);
                    }
                }
            }
        }
        List<TrainingPair> framed = List.of(held.with(held.input(), new Rgb8Image(width, height, target)));
        // Per-image statistics and a negligible learning rate: both runs validate the same network.
        CanTrainer.Settings still = new CanTrainer.Settings(TINY, NormalizationStatistics.PER_IMAGE, 1,
                CanTrainer.Settings.WHOLE_IMAGES, 1e-12f, 1, Duration.ofMinutes(5), 1, 7);
        Path directory = models.resolve("l0-smoothing");
        CanTrainer.Result plain = CanTrainer.at(directory, new CanTrainer.Data("l0-smoothing", training, framed, framed,
                "validation image", framed, "ci image", "synthetic test pairs", false, false, CanTrainer.Data.UNIFORM),
                new PrintStream(new ByteArrayOutputStream()), "test").train(still, false);
        double frame = value(ModelDirectory.readDescriptor(directory).accuracy(), Evaluation.BORDER_ERROR_RATIO,
                "validation image");
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        CanTrainer.Result weighted = CanTrainer.at(directory, new CanTrainer.Data("l0-smoothing", training, framed, framed,
                "validation image", framed, "ci image", "synthetic test pairs", false, false, 16),
                new PrintStream(log), "test").train(still, true);

        // The weighted mean of the band's and the interior's errors, from the plain error and the card's frame.
        double share = 1 - (width - 8.0) * (height - 8.0) / (width * height);
        double interior = Math.pow(10, -plain.startPsnr() / 10) / (share * frame + 1 - share);
        double expected = -10 * Math.log10((16 * share * frame * interior + (1 - share) * interior) / (16 * share + 1 - share));
        assertThat(frame).isGreaterThan(3);
        assertThat(weighted.startPsnr()).isLessThan(plain.startPsnr() - 1).isCloseTo(expected, within(0.02));
        assertThat(log.toString()).contains("the validation set changed since the last run", ", outer 4 px weighted 16.0");
    }

    private static Rgb8Image image(NDArray planes, int width, int height) {
        return ImageTensors.toImage(planes.toFloatArray(), width, height, ChannelOrder.RGB, OutputQuantization.ROUND);
    }

    @Test
    void wholeImagesNeedBatchOne() {
        assertThatThrownBy(() -> settings(NormalizationStatistics.PER_IMAGE, 2, CanTrainer.Settings.WHOLE_IMAGES, 10))
                .hasMessageContaining("batch must be 1");
    }

    @Test
    void aResumedModelSwitchesStatisticsKeepingItsWeights(@TempDir Path models) throws Exception {
        CanTrainer.Result first = trainer(models).train(settings(30), false);
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        CanTrainer.Result switched = trainer(models, log)
                .train(settings(NormalizationStatistics.PER_IMAGE, 1, CanTrainer.Settings.WHOLE_IMAGES, 30), true);

        assertThat(log.toString()).contains("switching l0-smoothing from running to per-image statistics");
        // Trained weights, not a fresh network: far above where the first run started.
        assertThat(switched.startPsnr()).isGreaterThan(first.startPsnr() + 5);
        // The directory is replaced only by a better model (the switch alone may be one), whose mode is then the new one.
        NormalizationStatistics expected = switched.bestPsnr() > first.bestPsnr()
                ? NormalizationStatistics.PER_IMAGE : NormalizationStatistics.RUNNING;
        assertThat(savedStatistics(models)).isEqualTo(expected);
    }

    @Test
    void anExistingModelIsNotOverwrittenWithoutResume(@TempDir Path models) throws Exception {
        trainer(models).train(settings(10), false);

        assertThatThrownBy(() -> trainer(models).train(settings(10), false))
                .hasMessageContaining("--resume");
    }

    private static void copyModel(Path models, Path copy) throws Exception {
        Path from = models.resolve("l0-smoothing");
        Path to = Files.createDirectories(copy.resolve("l0-smoothing"));
        try (var files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    /** A fine-tuning run's output directory, as scripts/gpu/finetune.py writes it, holding {@code weights}. */
    private static Path fineTunedRun(Path directory, Path weights, String operator, long bestStep, String startSha256,
                                     String device) throws Exception {
        Files.createDirectories(directory);
        Files.copy(weights, directory.resolve(FineTunedRun.WEIGHTS_FILE));
        Files.writeString(directory.resolve(FineTunedRun.RUN_FILE), """
                {"operator": "%s", "arguments": ["--model", "m", "--minutes", "7"], "torch": "2.11.0+cu130",
                 "device": "%s", "date": "2026-11-30T22:38:51Z", "startSha256": "%s", "steps": %d, "bestStep": %d,
                 "curve": [{"step": %d, "trainingPsnr": 30.5, "validationPsnr": 30.1, "seconds": 12.5}]}
                """.formatted(operator, device, startSha256, bestStep + 5, bestStep, bestStep));
        return directory;
    }

    private static String weightsSha256(Path models) throws Exception {
        return ModelDirectory.readDescriptor(models.resolve("l0-smoothing")).weights().sha256();
    }

    private static Path weightsFile(Path models) {
        return models.resolve("l0-smoothing").resolve(ModelDirectory.WEIGHTS_FILE);
    }

    @Test
    void betterWeightsFromAFineTuningRunAreAdoptedWithTheRunInTheHistoryAndProvenance(@TempDir Path root)
            throws Exception {
        Path models = root.resolve("models");
        Path better = root.resolve("better");
        trainer(models).train(settings(10), false);
        copyModel(models, better);
        CanTrainer.Result further = trainer(better).train(settings(40), true);
        Path run = fineTunedRun(root.resolve("run"), weightsFile(better), "l0-smoothing", 40, weightsSha256(models),
                "NVIDIA H200");

        boolean adopted = trainer(models).adopt(FineTunedRun.read(run));

        assertThat(adopted).isTrue();
        Path directory = models.resolve("l0-smoothing");
        ModelDescriptor descriptor = ModelDirectory.readDescriptor(directory);
        assertThat(descriptor.provenance().source())
                .startsWith("fine-tuned with scripts/gpu/finetune.py (PyTorch 2.11.0+cu130, NVIDIA H200) after "
                        + "trained with fastimage train");
        assertThat(descriptor.provenance().iterations()).isEqualTo(10 + 40);
        TrainingHistory history = TrainingHistory.read(directory);
        assertThat(history.runs()).hasSize(2);
        assertThat(history.runs().get(1)).satisfies(last -> {
            assertThat(last.date()).isEqualTo("2026-11-30T22:38:51Z");
            assertThat(last.command()).isEqualTo("python3 scripts/gpu/finetune.py --model m --minutes 7");
            assertThat(last.fromStep()).isEqualTo(10);
            assertThat(last.toStep()).isEqualTo(50);
        });
        // Measured here, on the same validation pair as training's: the better copy's best validation.
        assertThat(history.points()).last().satisfies(point ->
                assertThat(point.validationPsnr()).isCloseTo(further.bestPsnr(), within(1e-3)));
        assertThat(directory.resolve("README.md")).content()
                .contains("(1 on the CPU, 1 on a GPU with scripts/gpu/finetune.py)");
    }

    @Test
    void weightsNoBetterThanTheModelsOwnAreNotAdopted(@TempDir Path root) throws Exception {
        Path models = root.resolve("models");
        Path worse = root.resolve("worse");
        trainer(worse).train(settings(5), false);
        trainer(models).train(settings(40), false);
        String weightsBefore = weightsSha256(models);
        Path run = fineTunedRun(root.resolve("run"), weightsFile(worse), "l0-smoothing", 5, weightsBefore,
                "NVIDIA H200");
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        boolean adopted = trainer(models, log).adopt(FineTunedRun.read(run));

        assertThat(adopted).isFalse();
        assertThat(log.toString()).contains("not adopted");
        assertThat(weightsSha256(models)).isEqualTo(weightsBefore);
        assertThat(TrainingHistory.read(models.resolve("l0-smoothing")).steps()).isEqualTo(40);
    }

    @Test
    void aRunOfAnotherOperatorFromOtherWeightsOrOfAnotherArchitectureIsRefused(@TempDir Path root) throws Exception {
        Path models = root.resolve("models");
        trainer(models).train(settings(5), false);
        String own = weightsSha256(models);
        Path otherOperator = fineTunedRun(root.resolve("tv"), weightsFile(models), "tv-l1", 5, own, "NVIDIA H200");
        Path otherStart = fineTunedRun(root.resolve("start"), weightsFile(models), "l0-smoothing", 5, "ab12",
                "NVIDIA H200");
        Path wider = root.resolve("wider");
        // Whole channel blocks (16, not 12): training's backward convolutions are not padded to oneDNN's block
        // (ContextAggregationNetwork#dilatedConvolution), and a width of 12 gave NaN on an AMD EPYC in CI.
        trainer(wider).train(new CanTrainer.Settings(new CanArchitecture(16, CanArchitecture.standardDilations(4), 3,
                CanArchitecture.AUTHORS_EPSILON), NormalizationStatistics.RUNNING, 2, 48, 0.01f, 5, Duration.ofMinutes(5),
                10, 7), false);
        Path otherArchitecture = fineTunedRun(root.resolve("wide"), weightsFile(wider), "l0-smoothing", 5, own,
                "NVIDIA H200");

        assertThatThrownBy(() -> trainer(models).adopt(FineTunedRun.read(otherOperator)))
                .hasMessageContaining("the run trained tv-l1, not l0-smoothing");
        assertThatThrownBy(() -> trainer(models).adopt(FineTunedRun.read(otherStart)))
                .hasMessageContaining("the run started from other weights (sha256 ab12)");
        assertThatThrownBy(() -> trainer(models).adopt(FineTunedRun.read(otherArchitecture)))
                .isInstanceOf(io.fastimage.model.InvalidModelException.class)
                .hasMessageContaining("the architecture in model.json needs float32");
        assertThat(weightsSha256(models)).isEqualTo(own);
    }

    @Test
    void aRunRecordThatIsIncompleteOnTheCpuOrWithoutABetterStepIsRefused(@TempDir Path root) throws Exception {
        Path models = root.resolve("models");
        trainer(models).train(settings(5), false);
        String own = weightsSha256(models);
        Path nothingBetter = fineTunedRun(root.resolve("zero"), weightsFile(models), "l0-smoothing", 0, own, "NVIDIA H200");
        Path onCpu = fineTunedRun(root.resolve("cpu"), weightsFile(models), "l0-smoothing", 5, own, "cpu");
        Path incomplete = fineTunedRun(root.resolve("incomplete"), weightsFile(models), "l0-smoothing", 5, own, "NVIDIA H200");
        Path record = incomplete.resolve(FineTunedRun.RUN_FILE);
        Files.writeString(record, Files.readString(record).replace("\"date\": \"2026-11-30T22:38:51Z\", ", ""));

        assertThatThrownBy(() -> FineTunedRun.read(nothingBetter)).hasMessageContaining("no weights better than its start");
        assertThatThrownBy(() -> FineTunedRun.read(onCpu)).hasMessageContaining("the run ran on the CPU");
        assertThatThrownBy(() -> FineTunedRun.read(incomplete)).hasMessageContaining("lacks 'date'");
        assertThatThrownBy(() -> FineTunedRun.read(root.resolve("nothing"))).hasMessageContaining("run.json");
    }
}
