package io.fastimage.operator.neural;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastimage.image.Rgb8Image;
import io.fastimage.model.can.CanArchitecture;
import io.fastimage.model.can.TfCheckpointImporter;
import io.fastimage.operator.neural.L0SmoothingConformanceTest.Agreement;
import io.fastimage.web.PackagedService;
import io.fastimage.web.ServiceClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plain {@code java -jar target/fastimage.jar}, started with no oneDNN variable, no jemalloc and no JVM
 * flags, serves the authors' L0 network on their 1.76 MP test photo with their published result: the
 * service sets up libtorch itself (on AMD EPYC with AVX-512 the unset variable gave NaN at this size).
 */
class PlainJarIT {

    @TempDir
    Path models;

    /** The authors' L0 network, as both tests serve it. */
    @BeforeEach
    void importAuthorsL0() throws Exception {
        TfCheckpointImporter.importCheckpoint(L0SmoothingConformanceTest.KIT.resolve("checkpoint"),
                TfCheckpointImporter.DEFAULT_PREFIX, "l0-smoothing", models.resolve("l0-smoothing"),
                CanArchitecture.AUTHORS_EPSILON, TfCheckpointImporter.Conversion.AUTHORS, TfCheckpointImporter.AUTHORS_RELEASE,
                "plain jar test");
    }

    @Test
    void plainJarWithoutOneDnnVariableComputesThePublishedOutput() throws Exception {
        List<String> unset = List.of("ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA", "LD_PRELOAD", "MALLOC_CONF",
                "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");
        try (PackagedService service = PackagedService.start(models, environment -> environment.keySet().removeAll(unset))) {
            ServiceClient client = service.client();
            service.awaitReady();
            byte[] photo = Files.readAllBytes(L0SmoothingConformanceTest.KIT.resolve("input/000001.png"));
            HttpResponse<byte[]> answer = client.post("/api/v1/operators/l0-smoothing/apply?mode=fast&format=png",
                    "image/png", photo);
            assertThat(answer.statusCode()).as(() -> new String(answer.body()) + "\n" + service.log()).isEqualTo(200);

            Rgb8Image actual = rgb(answer.body());
            Rgb8Image expected = L0SmoothingConformanceTest.readRgb(L0SmoothingConformanceTest.KIT.resolve("expected/000001.png"));
            Agreement agreement = Agreement.of(actual, expected);
            assertThat(agreement.identicalShare()).isGreaterThanOrEqualTo(0.999);
            assertThat(agreement.maxDifference()).isLessThanOrEqualTo(1);
            assertThat(service.log()).contains("oneDNN instruction set AVX2 (set by fastimage");
            String info = client.get("/actuator/info").body();
            assertThat(info).contains("\"onednnMaxCpuIsa\":\"AVX2\"");
        }
    }

    @Test
    void aCommandPrintsItsResultsOnStdoutAndItsLogsOnStderr(@TempDir Path work) throws Exception {
        Path images = Files.createDirectories(work.resolve("images"));
        Files.copy(L0SmoothingConformanceTest.KIT.resolve("input/000001.png"), images.resolve("photo.png"));
        Path out = work.resolve("stdout.txt");
        Path err = work.resolve("stderr.txt");
        Process evaluate = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Path.of("target", "fastimage.jar").toString(), "evaluate", "--operator", "l0-smoothing", "--models",
                models.toString(), "--images", images.toString(), "--long-side", "64")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(evaluate.waitFor()).as(() -> read(err)).isZero();
        // The table alone: a line that is not the header, a table row or empty would be a log line.
        assertThat(Files.readAllLines(out)).as(read(err)).allSatisfy(line ->
                assertThat(line.isEmpty() || line.startsWith("|") || line.startsWith("l0-smoothing, variant default"))
                        .as(line).isTrue());
        assertThat(read(out)).contains("| photo.png | 42x64 |");
        assertThat(read(err)).contains("INFO  ai.djl");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static Rgb8Image rgb(byte[] png) throws Exception {
        Path file = Files.createTempFile("answer", ".png");
        try {
            Files.write(file, png);
            return L0SmoothingConformanceTest.readRgb(file);
        } finally {
            Files.delete(file);
        }
    }
}
