package io.fastimage.model.can;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.fastimage.ConformanceKit;
import io.fastimage.model.can.CheckpointTensors.FloatTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the authors' released checkpoint (../shared/conformance) and damaged copies of it. */
class TfCheckpointReaderTest {

    static final Path CHECKPOINT = ConformanceKit.L0_CHECKPOINT;
    private static final String INDEX = "model.ckpt.index";
    private static final String DATA = "model.ckpt.data-00000-of-00001";

    @Test
    void listsTheSlimTensorsWithTheirShapesAndReadsThemVerified() throws IOException {
        TfCheckpointReader reader = TfCheckpointReader.open(CHECKPOINT, "model.ckpt");
        assertThat(reader.names()).contains("g_conv1/weights", "g_conv9/BatchNorm/beta", "g_conv_last/biases",
                "g_conv1/weights/Adam", "beta1_power").doesNotContain("g_conv8/weights");
        FloatTensor first = reader.read("g_conv1/weights").orElseThrow();
        assertThat(first.shape()).containsExactly(3, 3, 3, 24);
        assertThat(reader.read("g_conv1/w0").orElseThrow().shape()).isEmpty();
        // Stored moving statistics are the untouched initial values, as the conformance README says.
        assertThat(reader.read("g_conv1/BatchNorm/moving_variance").orElseThrow().values()).containsOnly(1f);
        assertThat(reader.read("no/such/tensor")).isEmpty();
    }

    @Test
    void flippedByteInTheDataFileIsACrcErrorNamingTheTensor(@TempDir Path copy) throws IOException {
        copyCheckpoint(copy);
        TfCheckpointReader reader = TfCheckpointReader.open(copy, "model.ckpt");
        TfCheckpointReader.TensorEntry entry = reader.entry("g_conv3/weights").orElseThrow();
        byte[] data = Files.readAllBytes(copy.resolve(DATA));
        data[(int) (entry.offset() + entry.size() / 2)] ^= 0x10;
        Files.write(copy.resolve(DATA), data);
        assertThatThrownBy(() -> reader.read("g_conv3/weights")).isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("CRC32C mismatch in tensor 'g_conv3/weights'");
        assertThat(reader.read("g_conv2/weights")).isPresent();
    }

    @Test
    void truncatedOrDamagedIndexIsReportedClearly(@TempDir Path copy) throws IOException {
        copyCheckpoint(copy);
        byte[] index = Files.readAllBytes(copy.resolve(INDEX));
        Files.write(copy.resolve(INDEX), Arrays.copyOf(index, index.length - 100));
        assertThatThrownBy(() -> TfCheckpointReader.open(copy, "model.ckpt"))
                .isInstanceOf(CheckpointFormatException.class).hasMessageContaining("truncated");
        Files.write(copy.resolve(INDEX), Arrays.copyOf(index, 20));
        assertThatThrownBy(() -> TfCheckpointReader.open(copy, "model.ckpt"))
                .isInstanceOf(CheckpointFormatException.class).hasMessageContaining("shorter than a table footer");
        byte[] flipped = index.clone();
        flipped[40] ^= 0x01; // inside the first data block
        Files.write(copy.resolve(INDEX), flipped);
        assertThatThrownBy(() -> TfCheckpointReader.open(copy, "model.ckpt"))
                .isInstanceOf(CheckpointFormatException.class).hasMessageContaining("CRC32C mismatch in data block");
    }

    @Test
    void missingDataFileIsNamed(@TempDir Path copy) throws IOException {
        Files.copy(CHECKPOINT.resolve(INDEX), copy.resolve(INDEX));
        assertThatThrownBy(() -> TfCheckpointReader.open(copy, "model.ckpt"))
                .hasMessageContaining("missing checkpoint data file").hasMessageContaining(DATA);
    }

    @Test
    void importerNamesMissingTensorsAndWrongShapes() throws IOException {
        TfCheckpointReader reader = TfCheckpointReader.open(CHECKPOINT, "model.ckpt");
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            ContextAggregationNetwork network = TfCheckpointImporter.toNetwork(reader, 1e-3, manager);
            assertThat(network.architecture()).isEqualTo(CanArchitecture.can24());
            // HWIO [h][w][i][o] lands at OIHW [o][i][h][w].
            float[] hwio = reader.read("g_conv2/weights").orElseThrow().values();
            float[] oihw = network.namedParameters().get("layer2.weight").getArray().toFloatArray();
            int h = 2, w = 0, i = 5, o = 17;
            assertThat(oihw[((o * 24 + i) * 3 + h) * 3 + w]).isEqualTo(hwio[((h * 3 + w) * 24 + i) * 24 + o]);

            Map<String, FloatTensor> tensors = new HashMap<>();
            for (String name : reader.names()) {
                tensors.put(name, reader.read(name).orElseThrow());
            }
            Map<String, FloatTensor> withoutW1 = new HashMap<>(tensors);
            withoutW1.remove("g_conv4/w1");
            assertThatThrownBy(() -> TfCheckpointImporter.toNetwork(fake(withoutW1), 1e-3, manager))
                    .isInstanceOf(CheckpointFormatException.class)
                    .hasMessageContaining("the checkpoint lacks tensor 'g_conv4/w1'");
            Map<String, FloatTensor> badBeta = new HashMap<>(tensors);
            badBeta.put("g_conv5/BatchNorm/beta", new FloatTensor(new long[] {23}, new float[23]));
            assertThatThrownBy(() -> TfCheckpointImporter.toNetwork(fake(badBeta), 1e-3, manager))
                    .hasMessageContaining("tensor 'g_conv5/BatchNorm/beta' has shape [23], expected [24]");
        }
    }

    private static CheckpointTensors fake(Map<String, FloatTensor> tensors) {
        return new CheckpointTensors() {
            @Override
            public Set<String> names() {
                return tensors.keySet();
            }

            @Override
            public Optional<FloatTensor> read(String name) {
                return Optional.ofNullable(tensors.get(name));
            }
        };
    }

    static void copyCheckpoint(Path target) throws IOException {
        Files.copy(CHECKPOINT.resolve(INDEX), target.resolve(INDEX));
        Files.copy(CHECKPOINT.resolve(DATA), target.resolve(DATA));
    }
}
