package io.fastimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastimage.codec.DecodeLimits;
import io.fastimage.codec.ImageDecoder;
import io.fastimage.codec.ImageEncoder;
import io.fastimage.codec.OutputFormat;
import io.fastimage.codec.TestFiles;
import io.fastimage.image.ImageMetrics;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.can.CanArchitecture;
import io.fastimage.model.can.TfCheckpointImporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apply} over a folder of the conformance kit's test photos with the authors' L0 network: the
 * results are the authors' published outputs, bad files are reported and skipped, limits are the
 * service's, and a second run resumes.
 */
class ApplyCommandTest {

    private static final Path KIT = Path.of("..", "shared", "conformance", "l0-smoothing-can24");

    @TempDir
    static Path models;

    @TempDir
    Path work;

    @BeforeAll
    static void importAuthorsModel() throws IOException {
        TfCheckpointImporter.importCheckpoint(KIT.resolve("checkpoint"), TfCheckpointImporter.DEFAULT_PREFIX,
                "l0-smoothing", models.resolve("l0-smoothing"), CanArchitecture.AUTHORS_EPSILON,
                TfCheckpointImporter.Conversion.AUTHORS, TfCheckpointImporter.AUTHORS_RELEASE, "apply test");
    }

    record Run(int status, String out, String err) {
    }

    @Test
    void appliesTheNetworkToAFolderSkipsBadFilesAndResumes() throws Exception {
        Path in = Files.createDirectories(work.resolve("in"));
        Files.copy(KIT.resolve("input/000001.png"), in.resolve("000001.png"));
        Files.copy(KIT.resolve("input/000002.png"), in.resolve("000002.png"));
        Path sub = Files.createDirectories(in.resolve("sub"));
        Files.write(sub.resolve("small.jpg"), new ImageEncoder().encode(TestFiles.gradient(64, 40), null, OutputFormat.JPEG, 90));
        Files.writeString(sub.resolve("broken.jpg"), "not an image");
        Files.write(in.resolve("huge.png"), TestFiles.pngHeaderOnly(3000, 3000));
        Files.writeString(in.resolve("notes.txt"), "not an image name: never tried");
        Path out = work.resolve("out");

        Run first = apply("--operator", "l0-smoothing", "--models", models.toString(), "--max-pixels", "2000000",
                "--out", out.toString(), in.toString());

        assertThat(first.status()).as(first.out() + first.err()).isEqualTo(1);
        assertThat(first.out()).contains("l0-smoothing fast: 3 written, 0 skipped (output exists), 2 failed")
                .contains("broken.jpg: The upload is not a PNG").contains("huge.png: ").contains("pixels");
        assertThat(first.err()).contains("5/5").contains("ETA");
        for (String photo : new String[] {"000001.png", "000002.png"}) {
            Rgb8Image result = decode(out.resolve(photo));
            Rgb8Image published = decode(KIT.resolve("expected").resolve(photo));
            // The published outputs to within one 8-bit step (L0SmoothingConformanceTest): PSNR above 48 dB.
            assertThat(ImageMetrics.psnr(result, published)).as(photo).isGreaterThan(48);
        }
        assertThat(decode(out.resolve("sub/small.png")).width()).isEqualTo(64);
        assertThat(out.resolve("sub/broken.png")).doesNotExist();
        assertThat(out.resolve("huge.png")).doesNotExist();
        assertThat(out.resolve("notes.png")).doesNotExist();
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.filter(f -> f.toString().endsWith(".partial"))).isEmpty();
        }

        // Resume: what exists is kept as it is, only the missing output is made again.
        FileTime kept = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(out.resolve("000001.png"), kept);
        Files.delete(out.resolve("000002.png"));
        Run second = apply("--operator", "l0-smoothing", "--models", models.toString(), "--max-pixels", "2000000",
                "--out", out.toString(), in.toString());
        assertThat(second.out()).contains("1 written, 2 skipped (output exists), 2 failed");
        assertThat(Files.getLastModifiedTime(out.resolve("000001.png"))).isEqualTo(kept);
        assertThat(out.resolve("000002.png")).exists();
    }

    @Test
    void exactModeTakesTheApisParametersAndFormats() throws Exception {
        Path photo = work.resolve("photo.png");
        Files.write(photo, new ImageEncoder().encode(TestFiles.gradient(48, 32), null, OutputFormat.PNG, 100));
        Path out = work.resolve("out");
        Run run = apply("--operator", "tv-l1", "--mode", "exact", "--param", "lambda=1.5", "--format", "jpeg",
                "--quality", "80", "--out", out.toString(), photo.toString());
        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("tv-l1 exact: 1 written");
        assertThat(decode(out.resolve("photo.jpg")).height()).isEqualTo(32);
    }

    @Test
    void badOptionsAreRefusedBeforeAnyImageIsProcessed() throws Exception {
        Path photo = work.resolve("photo.png");
        Files.write(photo, new ImageEncoder().encode(TestFiles.gradient(16, 16), null, OutputFormat.PNG, 100));
        Path out = work.resolve("out");
        Run parametersInFastMode = apply("--operator", "l0-smoothing", "--models", models.toString(), "--param",
                "lambda=0.02", "--out", out.toString(), photo.toString());
        assertThat(parametersInFastMode.status()).isEqualTo(2);
        assertThat(parametersInFastMode.err()).contains("has its parameters built in and takes none (given: lambda)");
        Run outOfRange = apply("--operator", "l0-smoothing", "--mode", "exact", "--param", "lambda=7",
                "--out", out.toString(), photo.toString());
        assertThat(outOfRange.status()).isEqualTo(2);
        assertThat(outOfRange.err()).contains("lambda");
        Run variantInExactMode = apply("--operator", "l0-smoothing", "--mode", "exact", "--variant", "default",
                "--out", out.toString(), photo.toString());
        assertThat(variantInExactMode.status()).isEqualTo(2);
        assertThat(variantInExactMode.err()).contains("applies only to mode=fast");
        Run unknownVariant = apply("--operator", "l0-smoothing", "--models", models.toString(), "--variant", "huge",
                "--out", out.toString(), photo.toString());
        assertThat(unknownVariant.status()).isEqualTo(2);
        assertThat(unknownVariant.err()).contains("l0-smoothing: unknown variant 'huge'; known: ");
        for (String[] limit : new String[][] {{"--max-pixels", "0", "--max-pixels must be at least 1, got 0"},
                {"--max-bytes", "-5", "--max-bytes must be at least 1, got -5"},
                {"--timeout", "0s", "--timeout must be positive, got PT0S"}}) {
            Run refused = apply("--operator", "l0-smoothing", "--models", models.toString(), limit[0], limit[1],
                    "--out", out.toString(), photo.toString());
            assertThat(refused.status()).as(limit[0]).isEqualTo(2);
            assertThat(refused.err()).contains(limit[2]).doesNotContain("loaded model");
        }
        Run ensembleInExactMode = apply("--operator", "l0-smoothing", "--mode", "exact", "--ensemble", "2",
                "--out", out.toString(), photo.toString());
        assertThat(ensembleInExactMode.status()).isEqualTo(2);
        assertThat(ensembleInExactMode.err()).contains("ensemble averages a network; it applies only to mode=fast");
        Run ensembleOfThree = apply("--operator", "l0-smoothing", "--models", models.toString(), "--ensemble", "3",
                "--out", out.toString(), photo.toString());
        assertThat(ensembleOfThree.status()).isEqualTo(2);
        assertThat(ensembleOfThree.err()).contains("ensemble must be 1, 2, 4 or 8").doesNotContain("loaded model");
        Run texturedEnsemble = apply("--operator", "pencil-drawing", "--models", Path.of("models").toString(),
                "--ensemble", "2", "--out", out.toString(), photo.toString());
        assertThat(texturedEnsemble.status()).isEqualTo(2);
        assertThat(texturedEnsemble.err()).contains("variant 'textured-can32' takes an input plane fixed to the pixel "
                + "position").contains("variants that take ensemble=2: combined");
        Run qualityForPng = apply("--operator", "l0-smoothing", "--mode", "exact", "--quality", "80",
                "--out", out.toString(), photo.toString());
        assertThat(qualityForPng.status()).isEqualTo(2);
        Run collision = apply("--operator", "l0-smoothing", "--mode", "exact", "--out", out.toString(),
                photo.toString(), Files.copy(photo, work.resolve("other")).resolveSibling("photo.png").toString());
        assertThat(collision.status()).isEqualTo(2);
        assertThat(collision.err()).contains("would both be written to");
        Run repeatedParameter = apply("--operator", "l0-smoothing", "--mode", "exact", "--param", "lambda=0.1",
                "--param", "lambda=0.2", "--out", out.toString(), photo.toString());
        assertThat(repeatedParameter.status()).isEqualTo(2);
        assertThat(repeatedParameter.err()).contains("--param lambda given more than once");
        Run outIsAFile = apply("--operator", "l0-smoothing", "--mode", "exact", "--out", photo.toString(), photo.toString());
        assertThat(outIsAFile.status()).isEqualTo(2);
        assertThat(outIsAFile.err()).contains("--out must be a folder; " + photo + " is a file");
        assertThat(out).doesNotExist();
    }

    private static Run apply(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            String[] command = new String[args.length + 1];
            command[0] = "apply";
            System.arraycopy(args, 0, command, 1, args.length);
            int status = Cli.run(command);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    private static Rgb8Image decode(Path file) throws IOException {
        return new ImageDecoder(new DecodeLimits(1L << 30, 100_000_000L)).decode(Files.readAllBytes(file)).rgb();
    }
}
