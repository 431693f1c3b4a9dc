package io.fastimage.operator.neural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import io.fastimage.ConformanceKit;
import io.fastimage.codec.DecodeLimits;
import io.fastimage.codec.ImageDecoder;
import io.fastimage.image.PlanarImage;
import io.fastimage.image.Resampling;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.ModelDescriptor;
import io.fastimage.model.ModelDescriptor.AccuracyMeasurement;
import io.fastimage.model.VariantConfig;
import io.fastimage.operator.Network;
import io.fastimage.operator.NetworkVariants;
import io.fastimage.operator.ReferenceOperator;
import io.fastimage.operator.exact.ReferenceOperators;
import io.fastimage.training.CanTrainer;
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
import org.junit.jupiter.params.provider.MethodSource;

/** The models shipped in {@code models/}: all ten operators present, every variant loads, runs and still reaches its card's PSNR. */
class ShippedModelsTest {

    private static final Path MODELS = Path.of("models");
    private static final Path CONFORMANCE = ConformanceKit.ROOT;

    static Stream<ReferenceOperator> operators() {
        return ReferenceOperators.all().stream();
    }

    /** Each operator has a model directory: model.json directly, or variant directories and config.json naming the default. */
    @Test
    void everyOperatorHasAModelDirectory() throws Exception {
        for (ReferenceOperator operator : ReferenceOperators.all()) {
            Path directory = MODELS.resolve(operator.info().id());
            if (Files.exists(directory.resolve(ModelDescriptor.FILE_NAME))) {
                continue;
            }
            String defaultVariant = VariantConfig.readDefault(directory.resolve(VariantConfig.FILE_NAME));
            assertThat(directory.resolve(defaultVariant).resolve(ModelDescriptor.FILE_NAME)).isRegularFile();
        }
    }

    /**
     * On the CI subset every shipped network (each variant of the operator) reaches its card's PSNR (±1 dB) and
     * beats doing nothing (the unchanged input) by the gain its card states, less 1 dB.
     */
    @ParameterizedTest
    @MethodSource("operators")
    void theShippedModelsReachTheirCardsAndBeatDoingNothingOnTheCiSubset(ReferenceOperator operator) throws Exception {
        String id = operator.info().id();
        try (ModelRepository repository = ModelRepository.load(MODELS, Device.cpu(), 1, Set.of(id))) {
            NetworkVariants variants = repository.variants(id).orElseThrow(() -> new AssertionError(id + " has no directory"));
            List<TrainingPair> pairs = ciPairs(operator);
            double doNothing = Evaluation.of(image -> image, pairs).meanPsnr();
            for (NetworkVariants.Variant variant : variants.variants().values()) {
                String label = id + "/" + variant.name();
                Network model = variant.network();
                assertThat(model).as(label + " did not load: " + variant.unavailableReason()).isNotNull();
                double recorded = recorded(model, "psnr-db");
                double recordedDoNothing = recorded(model, CanTrainer.DO_NOTHING_PSNR);

                Evaluation network = Evaluation.of(model::apply, pairs);

                assertThat(network.meanPsnr()).as(label).isCloseTo(recorded, within(1.0));
                assertThat(doNothing).as(label + " doing nothing").isCloseTo(recordedDoNothing, within(0.01));
                assertThat(network.meanPsnr() - doNothing).as(label + " gain over doing nothing")
                        .isGreaterThanOrEqualTo(recorded - recordedDoNothing - 1.0);
            }
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
            pairs.add(new TrainingPair(photo.name(), input, operator.apply(PlanarImage.fromRgb8(input)).toRgb8()));
        }
        return pairs;
    }
}
