package io.fastimage.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.fastimage.model.can.CanArchitecture;
import io.fastimage.model.can.ContextAggregationNetwork;
import io.fastimage.model.can.NormalizationStatistics;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replacing a model on disk: whole old or whole new, never a mixture, never nothing. */
class ModelDirectoryTest {

    private static final CanArchitecture SMALL = new CanArchitecture(4, CanArchitecture.standardDilations(3), 3,
            CanArchitecture.AUTHORS_EPSILON);

    private static ModelDirectory.Metadata metadata(String command) {
        return new ModelDirectory.Metadata("l0-smoothing", ChannelOrder.RGB, OutputQuantization.ROUND,
                new ModelDescriptor.Provenance("test", "none", 1L, "2026-11-28", command), List.of());
    }

    private static ModelDescriptor replace(Path target, float mu, String command, Map<String, byte[]> extras)
            throws Exception {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            ContextAggregationNetwork network = new ContextAggregationNetwork(SMALL, NormalizationStatistics.RUNNING,
                    ContextAggregationNetwork.Initialization.IDENTITY);
            network.initialize(manager);
            network.assign("layer1.mu", new float[] {mu});
            return ModelDirectory.replace(target, network, metadata(command), extras);
        }
    }

    @Test
    void replaceSwapsInTheNewVersionWithItsExtraFiles(@TempDir Path root) throws Exception {
        Path target = root.resolve("l0-smoothing");
        replace(target, 0.1f, "first", Map.of("README.md", "one".getBytes()));

        ModelDescriptor second = replace(target, 0.2f, "second", Map.of("README.md", "two".getBytes()));

        assertThat(ModelDirectory.readDescriptor(target)).isEqualTo(second);
        assertThat(second.provenance().command()).isEqualTo("second");
        assertThat(target.resolve("README.md")).hasContent("two");
        assertThat(hiddenEntries(root)).isEmpty();
    }

    @Test
    void replacingAnOperatorsDefaultVariantKeepsItsVariantConfigAndOtherVariants(@TempDir Path root) throws Exception {
        Path target = root.resolve("multiscale-tone");
        replace(target, 0.1f, "first", Map.of("README.md", "one".getBytes()));
        Files.writeString(target.resolve("config.json"), "{\"shared\": {\"combined\": \"combined-can32\"}}");
        Files.createDirectories(target.resolve("guided/nested"));
        Files.writeString(target.resolve("guided/model.json"), "guided");
        Files.writeString(target.resolve("guided/nested/weights"), "w");
        Files.createDirectories(target.resolve(".guided.tmp-crashed"));

        replace(target, 0.2f, "second", Map.of("README.md", "two".getBytes()));

        assertThat(target.resolve("README.md")).hasContent("two");
        assertThat(target.resolve("config.json")).hasContent("{\"shared\": {\"combined\": \"combined-can32\"}}");
        assertThat(target.resolve("guided/model.json")).hasContent("guided");
        assertThat(target.resolve("guided/nested/weights")).hasContent("w");
        assertThat(target.resolve(".guided.tmp-crashed")).as("a crashed save's temporary").doesNotExist();
        assertThat(hiddenEntries(root)).isEmpty();
    }

    @Test
    void aCrashMidSaveLeavesThePreviousModelIntact(@TempDir Path root) throws Exception {
        Path target = root.resolve("l0-smoothing");
        ModelDescriptor first = replace(target, 0.1f, "first", Map.of("README.md", "one".getBytes()));

        // The weights and model.json of the new version are written before this extra file fails.
        assertThatThrownBy(() -> replace(target, 0.2f, "second", Map.of("../escape", new byte[1])))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(ModelDirectory.readDescriptor(target)).isEqualTo(first);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NetworkBlock loaded = ModelDirectory.loadNetwork(target, first, manager);
            assertThat(loaded.namedParameters().get("layer1.mu").getArray().getFloat()).isEqualTo(0.1f);
        }
        assertThat(target.resolve("README.md")).hasContent("one");
        assertThat(hiddenEntries(root)).isEmpty();
    }

    @Test
    void aSwapCutShortBetweenItsTwoMovesIsUndone(@TempDir Path root) throws Exception {
        Path target = root.resolve("l0-smoothing");
        ModelDescriptor first = replace(target, 0.1f, "first", Map.of());
        // What a crash after "move the old version aside" and before "move the new one in" leaves.
        Files.move(target, root.resolve(".l0-smoothing.previous-1234"));

        ModelDirectory.restoreInterrupted(target);

        assertThat(ModelDirectory.readDescriptor(target)).isEqualTo(first);
        assertThat(hiddenEntries(root)).isEmpty();
    }

    @Test
    void rewriteChangesModelJsonAndCardTogetherAndKeepsTheWeights(@TempDir Path root) throws Exception {
        Path target = root.resolve("l0-smoothing");
        ModelDescriptor first = replace(target, 0.1f, "first", Map.of("README.md", "one".getBytes()));
        Files.writeString(target.resolve("config.json"), "{}");
        ModelDescriptor rescored = new ModelDescriptor(first.formatVersion(), first.operatorId(), first.network(),
                first.channelOrder(), first.outputQuantization(), first.weights(), first.provenance(),
                List.of(new ModelDescriptor.AccuracyMeasurement("psnr-db", 40.5, "6 validation photos")));

        ModelDirectory.rewrite(target, Map.of(ModelDescriptor.FILE_NAME, ModelDescriptorJson.format(rescored).getBytes(),
                "README.md", "two".getBytes()));

        assertThat(ModelDirectory.readDescriptor(target)).isEqualTo(rescored);
        assertThat(target.resolve("README.md")).hasContent("two");
        assertThat(target.resolve("config.json")).hasContent("{}");
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            assertThat(ModelDirectory.loadNetwork(target, rescored, manager).namedParameters().get("layer1.mu")
                    .getArray().getFloat()).isEqualTo(0.1f);
        }
        assertThat(hiddenEntries(root)).isEmpty();
    }

    @Test
    void aRewriteThatFailsChangesNothing(@TempDir Path root) throws Exception {
        Path target = root.resolve("l0-smoothing");
        ModelDescriptor first = replace(target, 0.1f, "first", Map.of("README.md", "one".getBytes()));

        assertThatThrownBy(() -> ModelDirectory.rewrite(target,
                Map.of("README.md", "two".getBytes(), ModelDescriptor.FILE_NAME, "{ not json".getBytes())))
                .isInstanceOf(InvalidModelException.class);
        Files.createDirectories(target.resolve("guided"));
        for (String name : List.of("../README.md", ModelDirectory.WEIGHTS_FILE, "guided")) {
            assertThatThrownBy(() -> ModelDirectory.rewrite(target, Map.of(name, "two".getBytes())))
                    .as(name).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> ModelDirectory.rewrite(root.resolve("tv-l1"), Map.of("README.md", "two".getBytes())))
                .isInstanceOf(NoSuchFileException.class);

        assertThat(ModelDirectory.readDescriptor(target)).isEqualTo(first);
        assertThat(target.resolve("README.md")).hasContent("one");
        assertThat(hiddenEntries(root)).isEmpty();
    }

    private static List<Path> hiddenEntries(Path root) throws Exception {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        }
    }
}
