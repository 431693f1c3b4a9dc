package io.fastimage.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import io.fastimage.model.ChannelOrder;
import io.fastimage.model.ModelDescriptor;
import io.fastimage.model.ModelDirectory;
import io.fastimage.model.NetworkBlock;
import io.fastimage.model.can.CanArchitecture;
import io.fastimage.model.can.CanSpec;
import io.fastimage.model.guided.GuidedFilterNetwork;
import io.fastimage.model.guided.GuidedFilterSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Trains one operator's deep guided filter network (Wu et al., CVPR 2018) end to end: one whole training pair
 * per step (the low-resolution CAN must see the whole photo), the loss at full resolution, with
 * {@link NetworkTraining}'s loop, validation and atomic saves. A new network starts its low-resolution CAN from a
 * trained full-resolution CAN (a model directory, e.g. {@code models/<id>}) or from identity-initialised
 * convolutions; its guidance map starts as the identity. The model lives in {@code <models>/<id>/<variant>}.
 */
public final class GuidedFilterTrainer {

    /**
     * How to train: the new network's shape (a resumed one keeps its own) and the schedule.
     *
     * @param shortSide        low-resolution short side, px
     * @param radius           box radius at low resolution, px
     * @param epsilon          ε of the guided filtering layer
     * @param guidanceChannels hidden channels of the guidance map, 0 for guide = input
     * @param emaDecay         validations and saves take the moving average of the weights with this decay, or the
     *                         step's own weights when 0 ({@link WeightAverage})
     */
    public record Settings(int shortSide, int radius, double epsilon, int guidanceChannels, float learningRate,
                           long steps, Duration maxTime, int validateEvery, long seed, float emaDecay) {
        public Settings {
            WeightAverage.requireDecay(emaDecay);
            GuidedFilterSpec.requireLayer(shortSide, radius, epsilon);
            if (steps < 1 || validateEvery < 1 || !(learningRate > 0)) {
                throw new IllegalArgumentException("steps >= 1, validate-every >= 1 and a positive learning rate are required");
            }
        }

        GuidedFilterSpec spec(CanArchitecture network) {
            return new GuidedFilterSpec(shortSide, radius, epsilon, guidanceChannels, network);
        }

        NetworkTraining.Schedule schedule() {
            return new NetworkTraining.Schedule(1, NetworkTraining.Schedule.WHOLE_IMAGES, learningRate, steps, maxTime,
                    validateEvery, seed, emaDecay);
        }
    }

    private final Path modelDirectory;
    private final CanTrainer.Data data;
    private final PrintStream out;
    private final NetworkTraining training;

    public GuidedFilterTrainer(Path modelsRoot, String variant, CanTrainer.Data data, PrintStream out, String command) {
        this.modelDirectory = modelsRoot.resolve(data.operatorId()).resolve(variant);
        this.data = data;
        this.out = out;
        this.training = new NetworkTraining(modelDirectory, data, out, command);
    }

    /**
     * Trains a new network (from {@code initFrom}'s CAN when given, else identity-initialised) or, with
     * {@code resume}, the one in the repository.
     *
     * @param initFrom null or a model directory holding a CAN in RGB order; its weights start the low-resolution
     *                 CAN and its origin becomes the new model's
     * @throws IOException when the model exists and {@code resume} is false (or {@code initFrom} is given), or a
     *                     directory cannot be read or holds another kind
     */
    public CanTrainer.Result train(Settings settings, boolean resume, Path initFrom) throws IOException {
        ModelDirectory.restoreInterrupted(modelDirectory);
        boolean exists = Files.exists(modelDirectory.resolve(ModelDescriptor.FILE_NAME));
        if (exists && (!resume || initFrom != null)) {
            throw new IOException(modelDirectory + " already holds a model: pass --resume (without --init-from) to continue");
        }
        String runDate = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) settings.seed());
        try (Model model = Model.newInstance(data.operatorId(), Device.cpu())) {
            NDManager manager = model.getNDManager();
            NetworkTraining.Start start = exists ? resumed(manager)
                    : initFrom != null ? fromCan(initFrom, settings, manager)
                    : fresh(settings, manager);
            model.setBlock(start.network());
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(NetworkTraining.learningRate(settings.schedule()))
                            .build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, 3, 64, 64), new Shape(1, 3, 16, 16));
                return training.loop(trainer, start, settings.schedule(), runDate);
            }
        }
    }

    private NetworkTraining.Start resumed(NDManager manager) throws IOException {
        ModelDescriptor descriptor = ModelDirectory.readDescriptor(modelDirectory);
        if (!(descriptor.network() instanceof GuidedFilterSpec spec)) {
            throw new IOException(modelDirectory + " holds a " + descriptor.network().type() + ", not a deep guided filter");
        }
        TrainingHistory history = TrainingHistory.read(modelDirectory);
        out.printf(Locale.ROOT, "resuming %s (%s) after %d steps%n", modelDirectory, spec.summary(), history.steps());
        return new NetworkTraining.Start(ModelDirectory.loadNetwork(modelDirectory, descriptor, manager), history,
                descriptor.provenance().origin(), false);
    }

    private NetworkTraining.Start fresh(Settings settings, NDManager manager) {
        GuidedFilterNetwork network = new GuidedFilterNetwork(settings.spec(CanArchitecture.can24()),
                GuidedFilterNetwork.Initialization.IDENTITY);
        network.initialize(manager);
        out.printf(Locale.ROOT, "new %s (%s), identity-initialised%n", modelDirectory, network.spec().summary());
        return new NetworkTraining.Start(network, new TrainingHistory(), null, false);
    }

    /** The low-resolution CAN starts as the given full-resolution one (weights only: it normalizes per image). */
    private NetworkTraining.Start fromCan(Path source, Settings settings, NDManager manager) throws IOException {
        ModelDescriptor descriptor = ModelDirectory.readDescriptor(source);
        if (!(descriptor.network() instanceof CanSpec can) || descriptor.channelOrder() != ChannelOrder.RGB) {
            throw new IOException(source + " holds a " + descriptor.network().type() + " in " + descriptor.channelOrder()
                    + " order; the guided filter's CAN starts from a context aggregation network in RGB order");
        }
        GuidedFilterNetwork network = new GuidedFilterNetwork(settings.spec(can.architecture().withSymmetricPadding(0)),
                GuidedFilterNetwork.Initialization.XAVIER);
        network.initialize(manager);
        try (NDManager scratch = manager.newSubManager()) {
            NetworkBlock trained = ModelDirectory.loadNetwork(source, descriptor, scratch);
            trained.namedParameters().forEach((name, parameter) ->
                    network.assign(GuidedFilterNetwork.CAN_PREFIX + name, parameter.getArray().toFloatArray()));
        }
        out.printf(Locale.ROOT, "new %s (%s), CAN from %s (%s)%n", modelDirectory, network.spec().summary(), source,
                can.summary());
        return new NetworkTraining.Start(network, new TrainingHistory(), descriptor.provenance().origin(), true);
    }
}
