package io.fastimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastimage.ConformanceKit;
import io.fastimage.model.can.CanSpec;
import io.fastimage.model.ChannelOrder;
import io.fastimage.model.ModelDescriptor;
import io.fastimage.model.ModelDirectory;
import io.fastimage.model.can.NormalizationStatistics;
import io.fastimage.model.OutputQuantization;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ImportTfCheckpointCommandTest {

    private static final Path CHECKPOINT = ConformanceKit.L0_CHECKPOINT;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void importsTheAuthorsCheckpointAsAPerImageBgrTruncatingModel(@TempDir Path models) throws IOException {
        Path target = models.resolve("l0-smoothing");
        int exit = run("--checkpoint", CHECKPOINT.toString(), "--operator", "l0-smoothing", "--out", target.toString());
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("CAN24").contains("37,219");
        ModelDescriptor descriptor = ModelDirectory.readDescriptor(target);
        assertThat(((CanSpec) descriptor.network()).statistics()).isEqualTo(NormalizationStatistics.PER_IMAGE);
        assertThat(descriptor.channelOrder()).isEqualTo(ChannelOrder.BGR);
        assertThat(descriptor.outputQuantization()).isEqualTo(OutputQuantization.TRUNCATE);
        assertThat(descriptor.provenance().command()).startsWith("java -jar target/fastimage.jar import-tf-checkpoint --checkpoint");
        try (Stream<Path> entries = Files.list(models)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("l0-smoothing");
        }
        // A second import must not overwrite the first.
        assertThat(run("--checkpoint", CHECKPOINT.toString(), "--operator", "l0-smoothing", "--out", target.toString()))
                .isNotZero();
        assertThat(err.toString()).contains("already exists");
    }

    @Test
    void symmetricPaddingIsWrittenIntoTheArchitectureAndCheckedBeforeReading(@TempDir Path models) throws IOException {
        Path target = models.resolve("l0-smoothing");
        int exit = run("--checkpoint", CHECKPOINT.toString(), "--operator", "l0-smoothing", "--out", target.toString(),
                "--conventions", "project", "--symmetric-padding", "8");
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("photo mirrored 8 px beyond its border");
        ModelDescriptor descriptor = ModelDirectory.readDescriptor(target);
        assertThat(descriptor.network().symmetricPadding()).isEqualTo(8);
        assertThat(descriptor.provenance().command()).endsWith("--symmetric-padding 8");

        for (String bad : new String[] {"-1", "1025"}) {
            Path rejected = models.resolve("rejected" + bad);
            assertThat(run("--checkpoint", models.resolve("no-checkpoint-here").toString(), "--operator", "l0-smoothing",
                    "--out", rejected.toString(), "--symmetric-padding", bad)).isEqualTo(2);
            assertThat(err.toString()).contains("--symmetric-padding must be 0..1024 px, got " + bad);
            assertThat(rejected).doesNotExist();
        }
    }

    @Test
    void corruptDataFileFailsNamingTheTensorAndLeavesNoModel(@TempDir Path work) throws IOException {
        Path copy = Files.createDirectory(work.resolve("ckpt"));
        Files.copy(CHECKPOINT.resolve("model.ckpt.index"), copy.resolve("model.ckpt.index"));
        byte[] data = Files.readAllBytes(CHECKPOINT.resolve("model.ckpt.data-00000-of-00001"));
        for (int i = 0; i < data.length; i += 997) {
            data[i] ^= 0x55;
        }
        Files.write(copy.resolve("model.ckpt.data-00000-of-00001"), data);
        Path target = Files.createDirectory(work.resolve("models")).resolve("l0-smoothing");
        int exit = run("--checkpoint", copy.toString(), "--operator", "l0-smoothing", "--out", target.toString());
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).containsPattern("CRC32C mismatch in tensor '[^']+'");
        assertThat(target).doesNotExist();
        try (Stream<Path> entries = Files.list(work.resolve("models"))) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void badOperatorIdAndMissingCheckpointAreRejected(@TempDir Path work) {
        assertThat(run("--checkpoint", CHECKPOINT.toString(), "--operator", "L0 Smoothing", "--out",
                work.resolve("x").toString())).isNotZero();
        assertThat(err.toString()).contains("--operator 'L0 Smoothing'");
        assertThat(run("--checkpoint", CHECKPOINT.toString(), "--operator", "not-an-operator", "--out",
                work.resolve("unknown").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("unknown operator 'not-an-operator'; known: ");
        assertThat(work.resolve("unknown")).doesNotExist();
        assertThat(run("--checkpoint", work.toString(), "--operator", "l0-smoothing", "--out",
                work.resolve("y").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("no checkpoint index");
    }

    private int run(String... args) {
        CommandLine commandLine = new CommandLine(Cli.class);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(Stream.concat(Stream.of("import-tf-checkpoint"), Stream.of(args)).toArray(String[]::new));
    }
}
