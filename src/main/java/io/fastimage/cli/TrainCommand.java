package io.fastimage.cli;

import io.fastimage.image.OpenCv;
import io.fastimage.model.InputPlane;
import io.fastimage.model.InputPlanes;
import io.fastimage.model.ModelDescriptor;
import io.fastimage.model.VariantConfig;
import io.fastimage.model.can.CanArchitecture;
import io.fastimage.model.can.NormalizationStatistics;
import io.fastimage.operator.ReferenceOperator;
import io.fastimage.training.CanTrainer;
import io.fastimage.training.CiSubset;
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
import java.util.Locale;
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
                + "the corpus pairs and write models/ID (models/ID/VARIANT) atomically whenever validation PSNR improves.")
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--operator", required = true, description = "operator id")
    String operatorId;

    @Option(names = "--width", defaultValue = "24", description = "24 (CAN24) or 32 (CAN32) for a new model (default ${DEFAULT-VALUE})")
    int width;

    @Option(names = "--statistics",
            description = "normalization statistics: running or per-image; a new model's default is running, a "
                    + "resumed model keeps its own unless this switches it (weights kept)")
    String statistics;

    @Option(names = "--steps", defaultValue = "100000", description = "at most this many steps (default ${DEFAULT-VALUE})")
    long steps;

    @Option(names = "--minutes", defaultValue = "1000000", description = "stop after this many minutes")
    double minutes;

    @Option(names = "--resume", description = "continue from the model in the repository")
    boolean resume;

    @Option(names = "--init-from", paramLabel = "DIR",
            description = "start a new model from this network: a model directory in RGB order (import-tf-checkpoint "
                    + "--conventions project) or a directory with the authors' model.ckpt bundle; its origin is recorded")
    Path initFrom;

    @Option(names = "--no-augment",
            description = "show pairs as they are; by default they are mirrored and turned at random when the operator "
                    + "commutes with that (all but pencil drawing)")
    boolean noAugment;

    @Option(names = "--border-crops",
            description = "crops touch each photo border a quarter of the time and count no loss in a 16 px band along "
                    + "crop edges inside the photo (experimental: on L0 it has not paid yet, docs/training.md round 8)")
    boolean borderCrops;

    @Option(names = "--planes", split = ",", paramLabel = "NAME",
            description = "input planes after the colour, by name (procedural: " + InputPlane.Procedural.PENCIL_TEXTURE
                    + "); a started network with fewer gets them with zero first-layer weights; default: the network's own")
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

    @Option(names = "--guidance-channels", defaultValue = "15",
            description = "hidden channels of the guided filter's guidance map, 0 for guide = input (default ${DEFAULT-VALUE})")
    int guidanceChannels;

    @Option(names = "--radius", defaultValue = "1", description = "guided filter box radius at low resolution (default ${DEFAULT-VALUE})")
    int radius;

    @Option(names = "--epsilon", defaultValue = "1e-4", description = "guided filter epsilon (default ${DEFAULT-VALUE})")
    double epsilon;

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
        ReferenceOperator operator = CliSupport.referenceOperator(operatorId);
        boolean augment = !noAugment && operator.commutesWithFlipsAndTurns();
        Corpus photos = Corpus.read(pairSource.corpus);
        PairCache pairs = new PairCache(pairSource.cache);
        List<Integer> validationSides = List.of(512, 1024);
        // A guided filter network is validated at the card's size: at 512 px its CAN sees the photo shrunk only
        // 1.5× (to a 256 px short side) against 3× at 1024 px, so the quick check would judge another scale than
        // the card (dark-channel dehazing fell from 28.88 to 28.12 dB at 512 px in 200 steps, with no card
        // measured in between); its low-resolution pass makes the larger validation cheap.
        int quickValidationSide = guidedShortSide != null ? validationSides.get(1) : validationSides.get(0);
        CanTrainer.Data data = new CanTrainer.Data(operatorId,
                load(pairs, photos.training(), longSides, operator),
                load(pairs, photos.validation(), List.of(quickValidationSide), operator),
                load(pairs, photos.validation(), List.of(validationSides.get(1)), operator),
                photos.validation().size() + " validation photos at " + validationSides.get(1) + " px long side",
                load(pairs, CiSubset.photos(pairSource.conformance), List.of(CiSubset.LONG_SIDE), operator), CiSubset.LABEL,
                String.format(Locale.ROOT, "%d training photos of the corpus (photographs from Debian packages, %s) at long sides %s px; "
                        + "validation: %s", photos.training().size(), Corpus.MANIFEST, longSides,
                        photos.validation().stream().map(SourcePhoto::name).collect(Collectors.joining(", "))
                        + (augment ? "; pairs mirrored and turned at random (8 symmetries)" : "")
                        + (borderCrops ? "; crops at photo borders half the time per axis, inner crop edges not in the loss" : "")),
                augment, borderCrops);
        String command = "java -jar target/fastimage.jar " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        Duration maxTime = Duration.ofSeconds(Math.round(minutes * 60));
        if (guidedShortSide != null) {
            new GuidedFilterTrainer(models, variant == null ? "guided" : variant, data, System.out, command).train(new GuidedFilterTrainer.Settings(
                    guidedShortSide, radius, epsilon, guidanceChannels, learningRate, steps, maxTime, validateEvery, seed),
                    resume, initFrom);
            return 0;
        }
        Path operatorDirectory = models.resolve(operatorId);
        if (variant == null && Files.exists(operatorDirectory.resolve(VariantConfig.FILE_NAME))
                && !Files.exists(operatorDirectory.resolve(ModelDescriptor.FILE_NAME))) {
            throw new IllegalArgumentException(models.resolve(operatorId) + " holds variants (" + VariantConfig.FILE_NAME
                    + "): name the CAN to train with --variant, e.g. --variant can24");
        }
        CanTrainer trainer = new CanTrainer(models, variant, data, System.out, command);
        trainer.train(new CanTrainer.Settings(architecture, mode, batch, crop, learningRate, steps,
                maxTime, validateEvery, seed,
                planes == null ? null : new InputPlanes(planes.stream().<InputPlane>map(InputPlane.Procedural::new).toList())),
                resume, initFrom);
        return 0;
    }

    static List<TrainingPair> load(PairCache cache, List<SourcePhoto> photos, List<Integer> sides,
                                           ReferenceOperator operator) throws IOException {
        List<TrainingPair> pairs = new ArrayList<>();
        for (SourcePhoto photo : photos) {
            for (int side : sides) {
                pairs.add(cache.pair(photo, side, operator));
            }
        }
        return pairs;
    }
}
