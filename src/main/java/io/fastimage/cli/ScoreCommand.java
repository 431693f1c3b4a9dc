package io.fastimage.cli;

import ai.djl.Device;
import io.fastimage.image.OpenCv;
import io.fastimage.model.InputPlane;
import io.fastimage.model.ModelDescriptor;
import io.fastimage.model.ModelDescriptor.AccuracyMeasurement;
import io.fastimage.model.ModelDescriptorJson;
import io.fastimage.model.ModelDirectory;
import io.fastimage.model.VariantConfig;
import io.fastimage.operator.ImageOperator;
import io.fastimage.operator.NetworkVariants;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.ReferenceOperator;
import io.fastimage.operator.exact.ReferenceOperators;
import io.fastimage.operator.neural.Devices;
import io.fastimage.operator.neural.ModelRepository;
import io.fastimage.operator.neural.TaskNetwork;
import io.fastimage.operator.neural.Tiling;
import io.fastimage.training.CiSubset;
import io.fastimage.training.Corpus;
import io.fastimage.training.Evaluation;
import io.fastimage.training.ModelCard;
import io.fastimage.training.PairCache;
import io.fastimage.training.TrainingPair;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code score}: a network variant's accuracy as {@code train} records it (the corpus's validation photos at
 * 1024 px and the CI subset, each beside doing nothing), with the exact targets from the pair cache; with
 * {@code --record}, written into the accuracy of the variant's model.json (a shared network's entries marked
 * with the operator's task), so networks that {@code train} did not make get cards measured the same way; the
 * card ({@code README.md}) of a network that {@code train} saved is rewritten with them ({@link ModelCard#rescored}),
 * together with model.json.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "PSNR/SSIM of one network variant against the exact operator on the corpus validation photos at "
                + "1024 px and on the CI subset, beside doing nothing, as train records them; --record writes them "
                + "into the variant's model.json, and at the defaults into the card that train wrote.")
final class ScoreCommand implements Callable<Integer> {

    private static final int CARD_LONG_SIDE = 1024;

    @Option(names = "--operator", required = true, description = "operator id")
    String operatorId;

    @Option(names = "--variant", description = "network variant (default: the operator's default)")
    String variant;

    @Option(names = "--network-param", description = "a parameter of the network's parameter planes, name=value")
    Map<String, String> networkParameters = new LinkedHashMap<>();

    @Option(names = "--exact-param", description = "a parameter of the exact operator, name=value (its targets are "
            + "cached per value like the defaults')")
    Map<String, String> exactParameters = new LinkedHashMap<>();

    @Option(names = "--label-suffix", defaultValue = "",
            description = "appended to the recorded images labels, e.g. ' at lambda 0.005'")
    String labelSuffix;

    @Option(names = "--record", description = "write the measurements into the variant's model.json, and into its card "
            + "(README.md) where train wrote one for a single condition and no parameter is set")
    boolean record;

    @Mixin
    PairSourceOptions pairSource;

    @Option(names = "--models", defaultValue = "models", description = "model repository (default ${DEFAULT-VALUE})")
    Path models;

    @Override
    public Integer call() throws Exception {
        OpenCv.ensureLoaded();
        ReferenceOperator operator = CliSupport.referenceOperator(operatorId);
        Corpus photos = Corpus.read(pairSource.corpus);
        PairCache pairs = new PairCache(pairSource.cache);
        List<TrainCommand.Conditions> exact = List.of(new TrainCommand.Conditions(operator,
                ParameterValues.resolve(operator.info().parameters(), exactParameters), operatorId));
        List<TrainingPair> card = TrainCommand.load(pairs, photos.validation(), List.of(CARD_LONG_SIDE), exact);
        List<TrainingPair> ci = TrainCommand.load(pairs, CiSubset.photos(pairSource.conformance), List.of(CiSubset.LONG_SIDE), exact);
        String cardLabel = photos.validation().size() + " validation photos at " + CARD_LONG_SIDE + " px long side" + labelSuffix;
        String ciLabel = CiSubset.LABEL + labelSuffix;
        Device device = Devices.select("auto");
        Set<String> known = ReferenceOperators.all().stream().map(op -> op.info().id()).collect(Collectors.toSet());
        try (ModelRepository repository = ModelRepository.load(models, device, 1, Tiling.DEFAULT_TILE_PIXELS, known,
                Set.of(operatorId))) {
            NetworkVariants.Variant chosen = CliSupport.usableVariant(repository, models, operatorId, variant);
            ImageOperator network = chosen.network().withParameters(networkParameters);
            Evaluation onCard = Evaluation.of(network::apply, card);
            Evaluation onCi = Evaluation.of(network::apply, ci);
            Evaluation cardBaseline = Evaluation.of(image -> image, card);
            Evaluation ciBaseline = Evaluation.of(image -> image, ci);
            System.out.printf(Locale.ROOT, "%s/%s%s: %.2f dB, SSIM %.4f (do nothing %.2f dB, gain %+.2f; border/interior "
                            + "error worst %.2f) on %s; %.2f dB (do nothing %.2f) on %s%n",
                    operatorId, chosen.name(), networkParameters.isEmpty() ? "" : " " + networkParameters, onCard.meanPsnr(),
                    onCard.meanSsim(), cardBaseline.meanPsnr(), onCard.meanPsnr() - cardBaseline.meanPsnr(),
                    onCard.worstBorderErrorRatio(), cardLabel, onCi.meanPsnr(), ciBaseline.meanPsnr(), ciLabel);
            if (record) {
                boolean shared = chosen.network() instanceof TaskNetwork;
                String suffix = shared ? InputPlane.Task.accuracySuffix(operatorId) : "";
                List<AccuracyMeasurement> measured = Evaluation.accuracyEntries(onCard, cardBaseline, cardLabel + suffix,
                        onCi, ciBaseline, ciLabel + suffix);
                Path file = modelJson(chosen.name(), shared);
                ModelDescriptor d = ModelDescriptorJson.read(file);
                List<AccuracyMeasurement> accuracy = new ArrayList<>();
                for (AccuracyMeasurement old : d.accuracy()) {
                    if (measured.stream().noneMatch(m -> m.metric().equals(old.metric()) && m.images().equals(old.images()))) {
                        accuracy.add(old);
                    }
                }
                accuracy.addAll(measured);
                ModelDescriptor recorded = new ModelDescriptor(d.formatVersion(), d.operatorId(), d.network(),
                        d.channelOrder(), d.outputQuantization(), d.weights(), d.provenance(), accuracy);
                // model.json and the card change together (ModelDirectory.rewrite), so a crash cannot part them.
                Map<String, byte[]> files = new LinkedHashMap<>();
                files.put(ModelDescriptor.FILE_NAME, utf8(ModelDescriptorJson.format(recorded)));
                boolean defaults = networkParameters.isEmpty() && exactParameters.isEmpty();
                Optional<String> rescoredCard = shared || !defaults ? Optional.empty()
                        : ModelCard.rescored(file.getParent(), recorded, new ModelCard.Scores(onCard, cardBaseline,
                                cardLabel), new ModelCard.Scores(onCi, ciBaseline, ciLabel));
                rescoredCard.ifPresent(markdown -> files.put(ModelCard.FILE_NAME, utf8(markdown)));
                ModelDirectory.rewrite(file.getParent(), files);
                System.out.println("recorded in " + file);
                if (rescoredCard.isPresent()) {
                    System.out.println("card rewritten: " + file.resolveSibling(ModelCard.FILE_NAME));
                }
            }
        }
        return 0;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Where the chosen variant's model.json lies: flat, a variant directory, or the shared network's. */
    private Path modelJson(String name, boolean shared) throws Exception {
        Path operatorDirectory = models.resolve(operatorId);
        if (shared) {
            String network = VariantConfig.read(operatorDirectory.resolve(VariantConfig.FILE_NAME)).shared().get(name);
            return models.resolve(VariantConfig.SHARED_DIRECTORY).resolve(network).resolve(ModelDescriptor.FILE_NAME);
        }
        Path variantDirectory = operatorDirectory.resolve(name);
        return (Files.isDirectory(variantDirectory) ? variantDirectory : operatorDirectory)
                .resolve(ModelDescriptor.FILE_NAME);
    }
}
