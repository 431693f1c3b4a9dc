package io.fastimage.cli;

import io.fastimage.image.OpenCv;
import io.fastimage.model.InputPlane;
import io.fastimage.model.InputPlanes;
import io.fastimage.model.ModelDescriptor;
import io.fastimage.model.ModelDirectory;
import io.fastimage.model.NetworkSpec;
import io.fastimage.model.VariantConfig;
import io.fastimage.model.can.CanArchitecture;
import io.fastimage.model.can.NormalizationStatistics;
import io.fastimage.model.guided.GuidedFilterSpec;
import io.fastimage.operator.InvalidParameterException;
import io.fastimage.operator.ParameterSpec;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.ReferenceOperator;
import io.fastimage.training.CanTrainer;
import io.fastimage.training.FineTunedRun;
import io.fastimage.training.CiSubset;
import io.fastimage.training.Evaluation;
import io.fastimage.training.Corpus;
import io.fastimage.training.GuidedFilterTrainer;
import io.fastimage.training.PairCache;
import io.fastimage.training.SourcePhoto;
import io.fastimage.training.TrainingPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code train --operator ID}: trains (or continues training) the operator's network in {@code models/ID}. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the CAN (or, with --guided-short-side, the deep guided filter network) of one operator on "
                + "the corpus pairs and write models/ID (models/ID/VARIANT) atomically whenever validation PSNR improves; "
                + "with --parameter-values, on pairs at several values of one parameter; with --shared NAME, the "
                + "multi-task network models/shared/NAME on the pairs of all its operators.")
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--operator", description = "operator id (or --shared)")
    String operatorId;

    @Option(names = "--shared", paramLabel = "NAME",
            description = "train the shared multi-task network models/shared/NAME instead (one task plane per operator, "
                    + "e.g. combined-can32) on the pairs of every operator it has a task plane for, each with its task")
    String shared;

    @Option(names = "--parameter-values", paramLabel = "NAME=V1,V2,...",
            description = "pairs made with the operator's parameter NAME at each of these values (cached per value), for a "
                    + "network with a parameter plane NAME whose range holds them; validation and card per value")
    String parameterValues;

    @Option(names = "--width", defaultValue = "24", description = "24 (CAN24) or 32 (CAN32) for a new model (default ${DEFAULT-VALUE})")
    int width;

    @Option(names = "--statistics",
            description = "normalization statistics: running or per-image; a new model's default is running, a "
                    + "resumed model keeps its own unless this switches it (weights kept)")
    String statistics;

    @Option(names = "--frozen-statistics",
            description = "a running-statistics network normalizes with its stored statistics in training too (frozen "
                    + "batch normalization), so each step trains the function that serving runs; for fine-tuning a "
                    + "trained or calibrated network on small batches (docs/training.md round 12)")
    boolean frozenStatistics;

    @Option(names = "--ema-decay", paramLabel = "D", defaultValue = "0",
            description = "validate and save the exponential moving average of the weights, updated after every step with "
                    + "decay D in (0, 1) (0.999 averages about the last thousand steps); 0, the default, takes each "
                    + "step's own weights")
    float emaDecay;

    @Option(names = "--steps", defaultValue = "100000", description = "at most this many steps (default ${DEFAULT-VALUE})")
    long steps;

    @Option(names = "--minutes", defaultValue = "1000000", description = "stop after this many minutes")
    double minutes;

    @Option(names = "--resume", description = "continue from the model in the repository")
    boolean resume;

    @Option(names = "--init-from", paramLabel = "DIR",
            description = "start a new model from this network: a model directory in RGB order (import-tf-checkpoint "
                    + "--conventions project) or, for a colour-only CAN, a directory with the authors' model.ckpt bundle; "
                    + "its origin is recorded")
    Path initFrom;

    @Option(names = "--adopt", paramLabel = "DIR",
            description = "instead of training, take the weights of a run made on a GPU by scripts/gpu/finetune.py "
                    + "(its --out: weights.safetensors, run.json) into the model when they score better on the card's "
                    + "validation photos (with --resume; exit status 1 when they do not)")
    Path adopt;

    @Option(names = "--no-augment",
            description = "show pairs as they are; by default they are mirrored and turned at random when the operator "
                    + "commutes with that (all but pencil drawing)")
    boolean noAugment;

    @Option(names = "--border-crops",
            description = "crops touch each photo border a quarter of the time and count no loss in a 16 px band along "
                    + "crop edges inside the photo (experimental: on L0 it has not paid yet, docs/training.md round 8)")
    boolean borderCrops;

    @Option(names = "--border-weight", paramLabel = "W", defaultValue = "1",
            description = "with --crop 0: the outer 4 px of each photo, the band the frame is measured on, weigh W times "
                    + "the rest in the loss and in the validation that decides each save (default ${DEFAULT-VALUE}: every pixel alike)")
    float borderWeight;

    @Option(names = "--planes", split = ",", paramLabel = "NAME",
            description = "input planes after the colour, as import-tf-checkpoint --plane names them (a procedural plane "
                    + "by its bare name: " + InputPlane.Procedural.PENCIL_TEXTURE + "; a parameter plane: parameter:<name>:"
                    + "<min>:<max>:<linear|log>:<plane at min>:<plane at max>:<default>); a started network with fewer gets "
                    + "the new ones with zero first-layer weights; default: the network's own")
    List<String> planes;

    @Option(names = "--batch", defaultValue = "4", description = "crops per step (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--crop", defaultValue = "160",
            description = "crop side in pixels, or 0 for one whole pair per step (with --batch 1) (default ${DEFAULT-VALUE})")
    int crop;

    @Option(names = "--lr", defaultValue = "0.0005", description = "Adam learning rate (default ${DEFAULT-VALUE})")
    float learningRate;

    @Option(names = "--validate-every", defaultValue = "200", description = "steps between validations (default ${DEFAULT-VALUE})")
    int validateEvery;

    @Option(names = "--seed", defaultValue = "1", description = "random seed of the crops")
    long seed;

    @Mixin
    PairSourceOptions pairSource;

    @Option(names = "--long-sides", split = ",", defaultValue = TrainingDefaults.TRAINING_LONG_SIDES,
            description = "long sides of the training pairs (default ${DEFAULT-VALUE})")
    List<Integer> longSides;

    @Option(names = "--models", defaultValue = "models", description = "model repository (default ${DEFAULT-VALUE})")
    Path models;

    @Option(names = "--guided-short-side", paramLabel = "PX",
            description = "train a deep guided filter network instead of a CAN: its CAN runs on a copy with this short "
                    + "side (whole pairs, one per step; --init-from a CAN model directory starts its CAN)")
    Integer guidedShortSide;

    @Option(names = "--variant",
            description = "train models/ID/VARIANT: a guided filter network's defaults to 'guided'; a CAN's must be named "
                    + "when models/ID keeps its networks in variant directories (no model.json beside config.json), e.g. can24")
    String variant;

    private static final int DEFAULT_GUIDANCE_CHANNELS = 15;

    @Option(names = "--guidance-channels",
            description = "hidden channels of a new guided filter network's guidance map, 0 for guide = input (default 15)")
    Integer guidanceChannels;

    @Mixin
    GuidedFilterLayerOptions guidedFilterLayer;

    @Override
    public Integer call() throws Exception {
        OpenCv.ensureLoaded();
        CanArchitecture architecture = switch (width) {
            case 24 -> CanArchitecture.can24();
            case 32 -> CanArchitecture.can32();
            default -> throw new IllegalArgumentException("--width must be 24 or 32, got " + width);
        };
        NormalizationStatistics mode = statistics == null ? null : switch (statistics) {
            case "running" -> NormalizationStatistics.RUNNING;
            case "per-image" -> NormalizationStatistics.PER_IMAGE;
            default -> throw new IllegalArgumentException("--statistics must be running or per-image, got " + statistics);
        };
        if (!CanTrainer.Data.isBorderWeight(borderWeight)) {
            throw new IllegalArgumentException("--border-weight must be a finite number of at least 1, got " + borderWeight);
        }
        if (borderWeight != CanTrainer.Data.UNIFORM && crop != CanTrainer.Settings.WHOLE_IMAGES && guidedShortSide == null) {
            throw new IllegalArgumentException("--border-weight applies to whole photos: add --crop 0 --batch 1");
        }
        if ((operatorId == null) == (shared == null)) {
            throw new IllegalArgumentException("name the network to train: --operator ID or --shared NAME (one of them)");
        }
        if (shared != null && (guidedShortSide != null || variant != null || parameterValues != null || planes != null)) {
            throw new IllegalArgumentException("--shared trains the shared CAN as it is: without --guided-short-side, "
                    + "--variant, --parameter-values and --planes");
        }
        if (shared != null && !InputPlane.NAME.matcher(shared).matches()) {
            throw new IllegalArgumentException("--shared must name a network of " + models.resolve(VariantConfig.SHARED_DIRECTORY)
                    + " (lower-case words joined by '-'), got '" + shared + "'");
        }
        if ((guidedFilterLayer.given() || guidanceChannels != null) && guidedShortSide == null) {
            throw new IllegalArgumentException("--radius, --epsilon and --guidance-channels shape a guided filter "
                    + "network: add --guided-short-side");
        }
        if (planes != null && guidedShortSide != null) {
            throw new IllegalArgumentException("--planes widens a CAN; a guided filter network takes colour only");
        }
        if (parameterValues != null && guidedShortSide != null) {
            throw new IllegalArgumentException("--parameter-values trains a CAN with a parameter plane; a guided filter "
                    + "network takes colour only");
        }
        if (frozenStatistics && guidedShortSide != null) {
            throw new IllegalArgumentException("--frozen-statistics freezes a CAN's running statistics; a guided filter "
                    + "network's CAN normalizes per image");
        }
        FineTunedRun fineTuned = null;
        if (adopt != null) {
            if (!resume || shared != null || guidedShortSide != null || initFrom != null || planes != null
                    || statistics != null || frozenStatistics || parameterValues != null) {
                throw new IllegalArgumentException("--adopt takes a run's weights into an operator's trained CAN as it "
                        + "is: with --resume, without --shared, --guided-short-side, --init-from, --planes, --statistics, "
                        + "--frozen-statistics and --parameter-values");
            }
            fineTuned = FineTunedRun.read(adopt);
        }
        List<Conditions> values = shared != null ? null : valuesOf(CliSupport.referenceOperator(operatorId), parameterValues);
        InputPlanes inputPlanes = planes == null ? null : PlaneSpecs.parse(planes, "--planes");
        Path modelDirectory = modelDirectory();
        Path start = startingNetwork(modelDirectory);
        if (frozenStatistics) {
            requireRunningStatistics(start, mode);
        }
        if (guidedShortSide != null && modelDirectory.equals(start)) {
            requireSameLayer(ModelDirectory.readDescriptor(start).network(), start);
        }
        // A new shared network's tasks are those of the network it starts from.
        List<Conditions> conditions = shared != null ? tasksOf(start) : values;
        if (inputPlanes != null && start != null && Files.exists(start.resolve(ModelDescriptor.FILE_NAME))) {
            InputPlanes own = ModelDirectory.readDescriptor(start).network().inputs();
            if (!inputPlanes.startsWith(own)) {
                throw new IllegalArgumentException("--planes " + inputPlanes.summary() + " must start with the planes of "
                        + start + " (" + own.summary() + "): a network can gain planes, not lose or change them");
            }
        }
        if (parameterValues != null) {
            requireParameterPlane(start, inputPlanes, parameterValues.substring(0, parameterValues.indexOf('=')), conditions);
        }
        Duration maxTime = Duration.ofSeconds(Math.round(minutes * 60));
        // Settings are checked (e.g. --crop 0 with --batch 4) before any pair is computed.
        GuidedFilterTrainer.Settings guidedSettings = guidedShortSide == null ? null : new GuidedFilterTrainer.Settings(
                guidedShortSide, guidedFilterLayer.radius(), guidedFilterLayer.epsilon(),
                guidanceChannels == null ? DEFAULT_GUIDANCE_CHANNELS : guidanceChannels, learningRate, steps,
                maxTime, validateEvery, seed, emaDecay);
        CanTrainer.Settings canSettings = guidedShortSide != null ? null : new CanTrainer.Settings(architecture, mode,
                batch, crop, learningRate, steps, maxTime, validateEvery, seed,
                inputPlanes, frozenStatistics, emaDecay);
        boolean augment = !noAugment && conditions.stream().allMatch(c -> c.operator().commutesWithFlipsAndTurns());
        Corpus photos = Corpus.read(pairSource.corpus);
        PairCache pairs = new PairCache(pairSource.cache);
        List<Integer> validationSides = List.of(512, 1024);
        // A guided filter network is validated at the card's size: at 512 px its CAN sees the photo shrunk only
        // 1.5× (to a 256 px short side) against 3× at 1024 px, so the quick check would judge another scale than
        // the card (dark-channel dehazing fell from 28.88 to 28.12 dB at 512 px in 200 steps, with no card
        // measured in between); its low-resolution pass makes the larger validation cheap. So is a border-weighted
        // run: its validation weighs the outer 4 px (the frame's band at the card's size); at 512 px they would be
        // twice the photo's share of the pixels, another band than the one the card's frame measures.
        int quickValidationSide = guidedShortSide != null || borderWeight != CanTrainer.Data.UNIFORM
                ? validationSides.get(1) : validationSides.get(0);
        CanTrainer.Data data = new CanTrainer.Data(shared != null ? shared : operatorId,
                load(pairs, photos.training(), longSides, conditions),
                load(pairs, photos.validation(), List.of(quickValidationSide), conditions),
                load(pairs, photos.validation(), List.of(validationSides.get(1)), conditions),
                photos.validation().size() + " validation photos at " + validationSides.get(1) + " px long side",
                load(pairs, CiSubset.photos(pairSource.conformance), List.of(CiSubset.LONG_SIDE), conditions), CiSubset.LABEL,
                String.format(Locale.ROOT, "%d training photos of the corpus (photographs from Debian packages, %s) at long sides %s px; "
                        + "validation: %s", photos.training().size(), Corpus.MANIFEST, longSides,
                        photos.validation().stream().map(SourcePhoto::name).collect(Collectors.joining(", "))
                        + (conditions.size() > 1 ? "; targets under " + conditions.size() + " conditions: "
                                + conditions.stream().map(Conditions::summary).collect(Collectors.joining(", ")) : "")
                        + (augment ? "; pairs mirrored and turned at random (8 symmetries)" : "")
                        + (borderCrops ? "; crops at photo borders half the time per axis, inner crop edges not in the loss" : "")
                        + (borderWeight != CanTrainer.Data.UNIFORM ? "; the outer " + Evaluation.BORDER_BAND
                                + " px of each photo weighted " + borderWeight + " in the loss" : "")),
                augment, borderCrops, borderWeight);
        String command = "java -jar target/fastimage.jar " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        if (guidedShortSide != null) {
            new GuidedFilterTrainer(models, variant == null ? "guided" : variant, data, System.out, command)
                    .train(guidedSettings, resume, initFrom);
            return 0;
        }
        CanTrainer trainer = CanTrainer.at(modelDirectory, data, System.out, command);
        if (fineTuned != null) {
            return trainer.adopt(fineTuned) ? 0 : 1;
        }
        trainer.train(canSettings, resume, initFrom);
        return 0;
    }

    /** Where the trained model goes: the shared network's directory, or the operator's (variant) directory. */
    private Path modelDirectory() {
        if (shared != null) {
            return models.resolve(VariantConfig.SHARED_DIRECTORY).resolve(shared);
        }
        Path operatorDirectory = models.resolve(operatorId);
        if (guidedShortSide != null) {
            return operatorDirectory.resolve(variant == null ? "guided" : variant);
        }
        if (variant == null && Files.exists(operatorDirectory.resolve(VariantConfig.FILE_NAME))
                && !Files.exists(operatorDirectory.resolve(ModelDescriptor.FILE_NAME))) {
            throw new IllegalArgumentException(operatorDirectory + " holds variants (" + VariantConfig.FILE_NAME
                    + "): name the CAN to train with --variant, e.g. --variant can24");
        }
        return variant == null ? operatorDirectory : operatorDirectory.resolve(variant);
    }

    /**
     * Frozen statistics are the stored running ones, measured: those of the network a run starts from, or the ones a
     * switch to running statistics measures. Checked before any pair is computed.
     */
    private static void requireRunningStatistics(Path start, NormalizationStatistics mode) throws IOException {
        if (start == null) {
            throw new IllegalArgumentException("--frozen-statistics needs measured statistics: --resume a trained network "
                    + "or start from one with --init-from");
        }
        boolean perImage = mode != null ? mode == NormalizationStatistics.PER_IMAGE
                // the authors' checkpoint bundles normalize per image
                : !Files.exists(start.resolve(ModelDescriptor.FILE_NAME))
                        || ModelDirectory.readDescriptor(start).network().normalizesPerImage();
        if (perImage) {
            throw new IllegalArgumentException("--frozen-statistics freezes running statistics; " + (mode != null
                    ? "--statistics per-image has none" : start + " normalizes per image: add --statistics running, "
                    + "which measures running ones first"));
        }
    }

    /** A resumed guided filter network keeps its layer: settings given for another one are named, not ignored. */
    private void requireSameLayer(NetworkSpec network, Path directory) {
        if (network instanceof GuidedFilterSpec layer && (layer.lowResolutionShortSide() != guidedShortSide
                || guidedFilterLayer.radius != null && layer.radius() != guidedFilterLayer.radius
                || guidedFilterLayer.epsilon != null && layer.epsilon() != guidedFilterLayer.epsilon
                || guidanceChannels != null && layer.guidanceChannels() != guidanceChannels)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s holds a guided filter network with short "
                    + "side %d px, r %d, ε %s, %d guidance channels: --resume keeps it, so --guided-short-side (and "
                    + "--radius, --epsilon, --guidance-channels when given) must match it", directory,
                    layer.lowResolutionShortSide(), layer.radius(), layer.epsilon(), layer.guidanceChannels()));
        }
    }

    /**
     * The model directory the run starts from (the model itself when resumed, else {@code --init-from}, null for
     * a new network), after the checks the trainers make again later: named here, before any pair is computed.
     */
    private Path startingNetwork(Path modelDirectory) {
        boolean exists = Files.exists(modelDirectory.resolve(ModelDescriptor.FILE_NAME));
        if (exists && !resume) {
            throw new IllegalArgumentException(modelDirectory + " already holds a model: pass --resume to continue training it");
        }
        if (exists && initFrom != null) {
            throw new IllegalArgumentException(modelDirectory + " already holds a model: --init-from starts a new one "
                    + "(move it away first)");
        }
        if (shared != null && !exists && initFrom == null) {
            throw new IllegalArgumentException(modelDirectory + " holds no model: start the shared network with --init-from DIR");
        }
        return exists ? modelDirectory : initFrom;
    }

    /**
     * The network must have a parameter plane for the parameter whose values the pairs are made at, and that
     * plane's trained range must hold them all: the planes of {@code --planes} when given (a started network gets
     * them), else those the starting model directory declares (import-tf-checkpoint --plane).
     */
    private static void requireParameterPlane(Path start, InputPlanes planes, String name, List<Conditions> conditions)
            throws IOException {
        if (start == null || !Files.exists(start.resolve(ModelDescriptor.FILE_NAME))) {
            throw new IllegalArgumentException("--parameter-values needs a network with a parameter plane '" + name
                    + "': --resume one or --init-from its model directory");
        }
        String declaredBy = planes != null ? "--planes" : start.toString();
        InputPlanes inputs = planes != null ? planes : ModelDirectory.readDescriptor(start).network().inputs();
        InputPlane.Parameter plane = inputs.parameter(name)
                .orElseThrow(() -> new IllegalArgumentException(declaredBy + " has no parameter plane '" + name
                        + "' (--planes parameter:" + name + ":... or import-tf-checkpoint --plane parameter:" + name
                        + ":... declares one)"));
        for (Conditions condition : conditions) {
            double value = condition.parameters().get(name);
            if (!plane.accepts(value)) {
                throw new IllegalArgumentException("--parameter-values: " + name + " " + ParameterSpec.format(value)
                        + " is outside the range [" + ParameterSpec.format(plane.min()) + ", "
                        + ParameterSpec.format(plane.max()) + "] that " + declaredBy + " declares for it");
            }
        }
    }

    /** What one set of targets is made with: an operator at some parameter values. */
    record Conditions(ReferenceOperator operator, ParameterValues parameters, String summary) {
    }

    /**
     * The operator at its defaults, or with {@code spec} ({@code NAME=V1,V2,...}) at each value of its parameter
     * NAME (checked against the operator's range).
     */
    static List<Conditions> valuesOf(ReferenceOperator operator, String spec) {
        List<ParameterSpec> specs = operator.info().parameters();
        if (spec == null) {
            return List.of(new Conditions(operator, ParameterValues.defaults(specs), operator.info().id()));
        }
        String[] nameAndValues = spec.split("=", 2);
        if (nameAndValues.length != 2 || nameAndValues[1].isBlank()) {
            throw new IllegalArgumentException("--parameter-values " + spec + ": expected NAME=V1,V2,...");
        }
        Map<Double, Conditions> byValue = new LinkedHashMap<>(); // a value given twice is one condition
        for (String value : nameAndValues[1].split(",")) {
            ParameterValues values;
            try {
                values = ParameterValues.resolve(specs, Map.of(nameAndValues[0], value.trim()));
            } catch (InvalidParameterException e) {
                throw new IllegalArgumentException("--parameter-values: " + e.getMessage(), e);
            }
            double parsed = values.get(nameAndValues[0]);
            byValue.putIfAbsent(parsed, new Conditions(operator, values, nameAndValues[0] + " " + ParameterSpec.format(parsed)));
        }
        return List.copyOf(byValue.values());
    }

    /** The operators of the shared network in {@code directory}: one per task plane, at their defaults. */
    static List<Conditions> tasksOf(Path directory) throws IOException {
        List<Conditions> all = new ArrayList<>();
        for (InputPlane plane : ModelDirectory.readDescriptor(directory).network().inputs().extra()) {
            if (plane instanceof InputPlane.Task task) {
                ReferenceOperator operator = CliSupport.referenceOperator(task.task());
                all.add(new Conditions(operator, ParameterValues.defaults(operator.info().parameters()), "task " + task.task()));
            }
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException(directory + " holds no network with task planes");
        }
        return all;
    }

    static List<TrainingPair> load(PairCache cache, List<SourcePhoto> photos, List<Integer> sides,
                                   ReferenceOperator operator) throws IOException {
        return load(cache, photos, sides, valuesOf(operator, null));
    }

    /**
     * The pairs of every photo at every side under every condition, condition by condition; named with their
     * operator when there are several (the card's per-photo table then says which task a row is).
     */
    static List<TrainingPair> load(PairCache cache, List<SourcePhoto> photos, List<Integer> sides,
                                   List<Conditions> conditions) throws IOException {
        boolean severalOperators = conditions.stream().map(c -> c.operator().info().id()).distinct().count() > 1;
        List<TrainingPair> pairs = new ArrayList<>();
        for (Conditions condition : conditions) {
            String id = condition.operator().info().id();
            for (SourcePhoto photo : photos) {
                for (int side : sides) {
                    TrainingPair pair = cache.pair(photo, side, condition.operator(), condition.parameters());
                    pairs.add(severalOperators
                            ? new TrainingPair(pair.name() + " " + id, pair.input(), pair.target(), pair.conditions()) : pair);
                }
            }
        }
        return pairs;
    }
}
