package io.fastimage.operator.neural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import io.fastimage.operator.Network;
import io.fastimage.ConformanceKit;
import io.fastimage.codec.DecodeLimits;
import io.fastimage.codec.ImageDecoder;
import io.fastimage.image.PlanarImage;
import io.fastimage.image.Resampling;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.ModelDescriptor;
import io.fastimage.model.ModelDescriptor.AccuracyMeasurement;
import io.fastimage.model.VariantConfig;
import io.fastimage.operator.NetworkVariants;
import io.fastimage.operator.ReferenceOperator;
import io.fastimage.operator.exact.ReferenceOperators;
import io.fastimage.training.CiSubset;
import io.fastimage.training.Evaluation;
import io.fastimage.training.SourcePhoto;
import io.fastimage.training.TrainingPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The models shipped in {@code models/}: all ten present, and every network variant (own directories and
 * shared networks alike) loads, runs and still reaches its card's PSNR.
 */
class ShippedModelsTest {

    private static final Path MODELS = Path.of("models");
    private static final Path CONFORMANCE = ConformanceKit.ROOT;

    /** Every (operator, variant) the repository declares: model.json beside, variant directories, shared ones. */
    static Stream<Arguments> variants() throws Exception {
        List<Arguments> all = new ArrayList<>();
        for (ReferenceOperator operator : ReferenceOperators.all()) {
            Path directory = MODELS.resolve(operator.info().id());
            if (Files.exists(directory.resolve("model.json"))) {
                all.add(Arguments.of(operator, NetworkVariants.DEFAULT_VARIANT));
            }
            try (Stream<Path> entries = Files.list(directory)) {
                entries.filter(Files::isDirectory).sorted()
                        .forEach(d -> all.add(Arguments.of(operator, d.getFileName().toString())));
            }
            Path config = directory.resolve(VariantConfig.FILE_NAME);
            if (Files.exists(config)) {
                VariantConfig.read(config).shared().keySet().stream().sorted()
                        .forEach(name -> all.add(Arguments.of(operator, name)));
            }
        }
        return all.stream();
    }

    /**
     * Each operator has a model directory: model.json directly, or variant directories and config.json naming the
     * default, which may be a shared network (models/shared/NAME) that config.json declares.
     */
    @Test
    void everyOperatorHasAModelDirectory() throws Exception {
        for (ReferenceOperator operator : ReferenceOperators.all()) {
            Path directory = MODELS.resolve(operator.info().id());
            if (Files.exists(directory.resolve(ModelDescriptor.FILE_NAME))) {
                continue;
            }
            VariantConfig config = VariantConfig.read(directory.resolve(VariantConfig.FILE_NAME));
            String defaultVariant = config.defaultVariant()
                    .orElseThrow(() -> new AssertionError(directory + ": variant directories without a default"));
            String shared = config.shared().get(defaultVariant);
            assertThat(shared == null ? directory.resolve(defaultVariant).resolve(ModelDescriptor.FILE_NAME)
                    : MODELS.resolve(VariantConfig.SHARED_DIRECTORY).resolve(shared).resolve(ModelDescriptor.FILE_NAME))
                    .isRegularFile();
        }
    }

    /**
     * On the CI subset every shipped network (each variant of the operator) reaches its card's PSNR (±1 dB) and
     * beats doing nothing (the unchanged input) by the gain its card states, less 1 dB.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void theShippedModelReachesItsCardAndBeatsDoingNothingOnTheCiSubset(ReferenceOperator operator, String variant)
            throws Exception {
        String id = operator.info().id();
        try (ModelRepository repository = ModelRepository.load(MODELS, Device.cpu(), 1, Set.of(id))) {
            NetworkVariants.Variant chosen = repository.variants(id).orElseThrow().choose(variant);
            Network model = chosen.network();
            assertThat(model).as(id + "/" + variant + " did not load: " + chosen.unavailableReason()).isNotNull();
            double recorded = recorded(model, "psnr-db");
            double recordedDoNothing = recorded(model, Evaluation.DO_NOTHING_PSNR);
            List<TrainingPair> pairs = ciPairs(operator);

            Evaluation network = Evaluation.of(model::apply, pairs);
            double doNothing = Evaluation.of(image -> image, pairs).meanPsnr();

            assertThat(network.meanPsnr()).as(id + "/" + variant).isCloseTo(recorded, within(1.0));
            assertThat(doNothing).as(id + " doing nothing").isCloseTo(recordedDoNothing, within(0.01));
            assertThat(network.meanPsnr() - doNothing).as(id + " gain over doing nothing")
                    .isGreaterThanOrEqualTo(recorded - recordedDoNothing - 1.0);
        }
    }

    private static double recorded(Network model, String metric) {
        return model.descriptor().accuracy().stream()
                .filter(a -> a.metric().equals(metric) && a.images().equals(CiSubset.LABEL))
                .mapToDouble(AccuracyMeasurement::value).findFirst()
                .orElseThrow(() -> new AssertionError(model.descriptor().operatorId() + "'s model.json records no "
                        + metric + " on " + CiSubset.LABEL));
    }

    private static List<TrainingPair> ciPairs(ReferenceOperator operator) throws Exception {
        ImageDecoder decoder = new ImageDecoder(new DecodeLimits(1 << 26, 1 << 24));
        List<TrainingPair> pairs = new ArrayList<>();
        for (SourcePhoto photo : CiSubset.photos(CONFORMANCE)) {
            Rgb8Image input = Resampling.toLongSide(decoder.decode(Files.readAllBytes(photo.file())).rgb(), CiSubset.LONG_SIDE);
            pairs.add(new TrainingPair(photo.name(), input, operator.apply(PlanarImage.fromRgb8(input)).toRgb8(),
                    operator.info().id()));
        }
        return pairs;
    }
}
