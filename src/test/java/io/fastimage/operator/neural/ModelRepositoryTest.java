package io.fastimage.operator.neural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.fastimage.operator.Network;
import io.fastimage.model.NetworkBlock;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.can.CanArchitecture;
import io.fastimage.model.ChannelOrder;
import io.fastimage.model.ImageTensors;
import io.fastimage.model.InputPlane;
import io.fastimage.model.InputPlanes;
import io.fastimage.model.can.ContextAggregationNetwork;
import io.fastimage.model.ModelDescriptor;
import io.fastimage.model.ModelDirectory;
import io.fastimage.model.can.NormalizationStatistics;
import io.fastimage.model.OutputQuantization;
import io.fastimage.operator.InvalidParameterException;
import io.fastimage.operator.NetworkVariants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRepositoryTest {

    private static final CanArchitecture SMALL = new CanArchitecture(4, List.of(1, 2, 1), 3, 1e-3);
    private static final Set<String> KNOWN = Set.of("good-op", "bad-json", "corrupt-weights", "wrong-shape", "misnamed");

    @Test
    void theLayoutAloneChoosesVariantsByTheRuleOfTheLoadedRepository() throws Exception {
        // The shipped L0 directory: its default variant is can32 (config.json), none of them called "default".
        NetworkVariants unloaded = ModelRepository.unloadedVariants(Path.of("models/l0-smoothing"));

        assertThat(unloaded.choose(null).name()).isEqualTo("can32");
        assertThat(unloaded.choose("default").name()).isEqualTo("can32");
        assertThat(unloaded.choose("guided").unavailableReason()).isEqualTo("not loaded");
        assertThatThrownBy(() -> unloaded.choose("huge")).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("unknown variant 'huge'; known: ").hasMessageContaining("(default: can32)");
    }

    @Test
    void goodModelServesWhileEachBrokenDirectoryIsUnavailableWithItsReason(@TempDir Path root) throws Exception {
        writeModel(root, "good-op", 1);
        Files.createDirectory(root.resolve("bad-json"));
        Files.writeString(root.resolve("bad-json/model.json"), "{\"formatVersion\": 1,");
        writeModel(root, "corrupt-weights", 2);
        byte[] weights = Files.readAllBytes(root.resolve("corrupt-weights/" + ModelDirectory.WEIGHTS_FILE));
        weights[weights.length - 3] ^= 0x40;
        Files.write(root.resolve("corrupt-weights/" + ModelDirectory.WEIGHTS_FILE), weights);
        writeModel(root, "wrong-shape", 3);
        Path json = root.resolve("wrong-shape/model.json");
        Files.writeString(json, Files.readString(json).replace("\"width\" : 4", "\"width\" : 5"));
        writeModel(root, "misnamed", 4);
        Files.move(root.resolve("misnamed"), root.resolve("unknown-op"));
        Files.createDirectory(root.resolve(".import-in-progress"));
        Files.writeString(root.resolve("README.md"), "not a model");

        try (ModelRepository repository = ModelRepository.load(root, Device.cpu(), 2, KNOWN)) {
            assertThat(repository.statuses()).containsOnlyKeys("good-op", "bad-json", "corrupt-weights", "wrong-shape",
                    "unknown-op");
            assertThat(repository.statuses().get("good-op").available()).isTrue();
            assertThat(repository.unavailableReason("good-op")).isEmpty();
            assertThat(repository.model("good-op")).isPresent();
            assertThat(repository.unavailableReason("bad-json")).get().asString().contains("not valid JSON");
            assertThat(repository.unavailableReason("corrupt-weights")).get().asString().contains("sha256");
            assertThat(repository.unavailableReason("wrong-shape")).get().asString()
                    .contains("tensor 'layer1.weight' is float32 (4, 3, 3, 3)").contains("needs float32 (5, 3, 3, 3)");
            assertThat(repository.unavailableReason("unknown-op")).get().asString()
                    .contains("not named after a known operator id");
            assertThat(repository.model("bad-json")).isEmpty();
            assertThat(repository.unavailableReason("never-present")).isEmpty();

            Network model = repository.model("good-op").orElseThrow();
            Rgb8Image input = randomImage(19, 13, 7);
            Rgb8Image output = model.apply(input);
            assertThat(output.width()).isEqualTo(19);
            assertThat(output.height()).isEqualTo(13);
            assertThat(output).isEqualTo(directInference(root.resolve("good-op"), model.descriptor(), input));

            // Several request threads share two predictors and all get the same answer.
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Rgb8Image>> results = pool.invokeAll(List.of(() -> model.apply(input),
                        () -> model.apply(input), () -> model.apply(input), () -> model.apply(input)));
                for (Future<Rgb8Image> result : results) {
                    assertThat(result.get()).isEqualTo(output);
                }
            } finally {
                pool.shutdown();
            }
        }
        assertThat(root.resolve("good-op/model.json")).exists();
    }

    @Test
    void variantDirectoriesEachServeAndConfigNamesTheDefault(@TempDir Path root, @TempDir Path scratch) throws Exception {
        writeVariant(root, scratch, "with-config", "small", 1);
        writeVariant(root, scratch, "with-config", "other", 2);
        Files.writeString(root.resolve("with-config/config.json"), "{\"default\": \"small\"}");
        writeVariant(root, scratch, "single", "only", 3);
        writeVariant(root, scratch, "no-default", "a", 4);
        writeVariant(root, scratch, "no-default", "b", 5);
        writeVariant(root, scratch, "wrong-default", "a", 6);
        Files.writeString(root.resolve("wrong-default/config.json"), "{\"default\": \"z\"}");
        Set<String> known = Set.of("with-config", "single", "no-default", "wrong-default");

        try (ModelRepository repository = ModelRepository.load(root, Device.cpu(), 1, known)) {
            NetworkVariants withConfig = repository.variants("with-config").orElseThrow();
            assertThat(withConfig.defaultVariant()).isEqualTo("small");
            assertThat(withConfig.variants()).containsOnlyKeys("other", "small");
            assertThat(withConfig.variants().get("other").network()).isNotNull();
            assertThat(repository.model("with-config").orElseThrow()).isSameAs(withConfig.variants().get("small").network());
            assertThat(withConfig.choose(null)).isSameAs(withConfig.variants().get("small"));
            assertThat(withConfig.choose("default")).as("'default' names the default when no variant is called so")
                    .isSameAs(withConfig.variants().get("small"));
            assertThatThrownBy(() -> withConfig.choose("large")).isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining("unknown variant 'large'; known: other, small (default: small)");
            assertThat(repository.variants("single").orElseThrow().defaultVariant()).isEqualTo("only");
            assertThat(repository.model("single")).isPresent();
            assertThat(repository.unavailableReason("no-default")).get().asString()
                    .contains("variants [a, b] and no config.json naming the default");
            assertThat(repository.unavailableReason("wrong-default")).get().asString()
                    .contains("names the default variant 'z', which is not one of [a]");
        }
    }

    /** A model directory at {@code models/<id>/<variant>/} (the operator id is in model.json, the variant only in the path). */
    private static void writeVariant(Path root, Path scratch, String id, String variant, long seed) throws IOException {
        writeModel(scratch, id, seed);
        Files.createDirectories(root.resolve(id));
        Files.move(scratch.resolve(id), root.resolve(id).resolve(variant));
    }

    /**
     * A multi-task network in models/shared/ serves as a variant of each operator that declares it: one set of
     * weights, each operator with its own task plane on and its own accuracy entries on its card; an operator
     * without a task plane in it gets an unavailable variant with the reason.
     */
    @Test
    void aSharedMultiTaskNetworkIsAVariantOfEveryOperatorThatDeclaresIt(@TempDir Path root) throws Exception {
        InputPlanes tasks = new InputPlanes(List.of(new InputPlane.Task("good-op"), new InputPlane.Task("bad-json")));
        writeModel(root.resolve("shared"), "multi", 9, tasks, List.of(
                new ModelDescriptor.AccuracyMeasurement("psnr-db", 30.0, "photos [task good-op]"),
                new ModelDescriptor.AccuracyMeasurement("psnr-db", 20.0, "photos [task bad-json]")));
        writeModel(root, "good-op", 1);
        Files.writeString(root.resolve("good-op/config.json"), "{\"shared\": {\"combined\": \"multi\"}}");
        Files.createDirectory(root.resolve("bad-json"));
        Files.writeString(root.resolve("bad-json/config.json"), "{\"shared\": {\"combined\": \"multi\"}}");
        Files.createDirectory(root.resolve("wrong-shape"));
        Files.writeString(root.resolve("wrong-shape/config.json"), "{\"shared\": {\"combined\": \"multi\"}}");
        Rgb8Image image = randomImage(40, 30, 5);

        try (ModelRepository repository = ModelRepository.load(root, Device.cpu(), 1, KNOWN)) {
            NetworkVariants good = repository.variants("good-op").orElseThrow();
            assertThat(good.defaultVariant()).isEqualTo(NetworkVariants.DEFAULT_VARIANT);
            assertThat(good.variants()).containsOnlyKeys(NetworkVariants.DEFAULT_VARIANT, "combined");
            NetworkVariants other = repository.variants("bad-json").orElseThrow();
            assertThat(other.defaultVariant()).isEqualTo("combined");
            Network goodCombined = good.choose("combined").network();
            Network otherCombined = other.choose("combined").network();
            assertThat(goodCombined.implementation()).isEqualTo(otherCombined.implementation());
            assertThat(goodCombined.apply(image).pixels()).isNotEqualTo(otherCombined.apply(image).pixels());
            assertThat(goodCombined.descriptor().operatorId()).isEqualTo("good-op");
            assertThat(goodCombined.descriptor().accuracy())
                    .containsExactly(new ModelDescriptor.AccuracyMeasurement("psnr-db", 30.0, "photos"));
            assertThat(repository.variants("wrong-shape").orElseThrow().defaults().unavailableReason())
                    .contains("has no task plane for wrong-shape");
        }
    }

    @Test
    void aTileBudgetTooSmallForTheNetworksHaloMakesItUnavailable(@TempDir Path root) throws Exception {
        writeModel(root, "good-op", 1);
        // SMALL reaches 4 px each way: a tile needs at least (2 * 4 + 64)² pixels.
        try (ModelRepository repository = ModelRepository.load(root, Device.cpu(), 1, 72 * 72 - 1, KNOWN)) {
            assertThat(repository.unavailableReason("good-op")).get().asString()
                    .contains("too small for a halo of 4 px");
        }
        try (ModelRepository repository = ModelRepository.load(root, Device.cpu(), 1, 72 * 72, KNOWN)) {
            assertThat(repository.model("good-op")).isPresent();
        }
    }

    @Test
    void missingRootIsAnEmptyRepository(@TempDir Path root) {
        try (ModelRepository repository = ModelRepository.load(root.resolve("absent"), Device.cpu(), 1, KNOWN)) {
            assertThat(repository.statuses()).isEmpty();
        }
    }

    /** The same network run without the repository: block forward plus the translator's two conversions. */
    private static Rgb8Image directInference(Path directory, ModelDescriptor descriptor, Rgb8Image input)
            throws IOException {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NetworkBlock network = ModelDirectory.loadNetwork(directory, descriptor, manager);
            NDArray tensor = ImageTensors.toTensor(manager, input, descriptor.channelOrder());
            float[] out = network.forward(new ParameterStore(manager, false), new NDList(tensor), false)
                    .singletonOrThrow().toFloatArray();
            return ImageTensors.toImage(out, input.width(), input.height(), descriptor.channelOrder(),
                    descriptor.outputQuantization());
        }
    }

    static void writeModel(Path root, String id, long seed) throws IOException {
        writeModel(root, id, seed, InputPlanes.COLOUR_ONLY, List.of());
    }

    /** A small per-image network; with extra input planes its weights are random, so that the planes matter. */
    static void writeModel(Path root, String id, long seed, InputPlanes inputs,
                           List<ModelDescriptor.AccuracyMeasurement> accuracy) throws IOException {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            manager.getEngine().setRandomSeed((int) seed);
            ContextAggregationNetwork network = new ContextAggregationNetwork(SMALL.withInputs(inputs),
                    NormalizationStatistics.PER_IMAGE, inputs.colourOnly()
                    ? ContextAggregationNetwork.Initialization.IDENTITY : ContextAggregationNetwork.Initialization.XAVIER);
            network.initialize(manager);
            for (int layer = 1; layer <= SMALL.layers(); layer++) {
                network.assign("layer" + layer + ".mu", new float[] {0.3f});
                network.assign("layer" + layer + ".beta", new float[] {0.1f, -0.1f, 0.05f, 0f});
            }
            ModelDirectory.write(root.resolve(id), network, new ModelDirectory.Metadata(id, ChannelOrder.BGR,
                    OutputQuantization.ROUND, new ModelDescriptor.Provenance("test", "none", 0L, "2026-11-28", "test"),
                    accuracy));
        }
    }

    static Rgb8Image randomImage(int width, int height, long seed) {
        byte[] pixels = new byte[3 * width * height];
        new Random(seed).nextBytes(pixels);
        return new Rgb8Image(width, height, pixels);
    }
}
