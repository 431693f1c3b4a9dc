package io.fastimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastimage.ConformanceKit;
import io.fastimage.codec.ImageEncoder;
import io.fastimage.codec.OutputFormat;
import io.fastimage.image.ImageMetrics;
import io.fastimage.image.Resampling;
import io.fastimage.image.Rgb8Image;
import io.fastimage.training.Evaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate} scores the variant it is asked for, beside doing nothing, on every photo of a folder. */
class EvaluateCommandTest {

    @Test
    void scoresTheChosenVariantOfTheShippedNetworksAndRefusesAnUnknownOne(@TempDir Path images) throws Exception {
        Rgb8Image photo = Resampling.toLongSide(ConformanceKit.photo(ConformanceKit.PHOTO), 160);
        Files.write(images.resolve("photo.png"), new ImageEncoder().encode(photo, null, OutputFormat.PNG, 100));

        String guided = run("--operator", "l0-smoothing", "--variant", "guided", "--images", images.toString());
        String defaults = run("--operator", "l0-smoothing", "--images", images.toString());

        assertThat(guided).contains("l0-smoothing, variant guided: guided filter", "| photo.png | 106x160 |");
        assertThat(defaults).contains("l0-smoothing, variant can32: CAN32");
        assertThat(guided.lines().filter(line -> line.startsWith("| **mean of 1**"))).hasSize(1);
        // The last column is doing nothing's own border/interior error ratio, whatever the network.
        double unchanged = ImageMetrics.borderErrorRatio(photo,
                CliSupport.referenceOperator("l0-smoothing").apply(photo), Evaluation.BORDER_BAND);
        String row = guided.lines().filter(line -> line.startsWith("| photo.png")).findFirst().orElseThrow();
        assertThat(row).endsWith(String.format(Locale.ROOT, " | %.2f |", unchanged));
        assertThat(guided.lines().filter(line -> line.startsWith("| **mean of 1**")).findFirst().orElseThrow())
                .endsWith(String.format(Locale.ROOT, "| worst %.2f |", unchanged));
        String ensemble = run("--operator", "l0-smoothing", "--variant", "guided", "--ensemble", "2", "--images",
                images.toString());
        assertThat(ensemble).contains("l0-smoothing, variant guided: guided filter").contains(", self-ensemble of 2");
        assertThat(failure("--operator", "l0-smoothing", "--ensemble", "5", "--images", images.toString()))
                .contains("ensemble must be 1, 2, 4 or 8");
        assertThat(failure("--operator", "pencil-drawing", "--ensemble", "2", "--images", images.toString()))
                .contains("this network of 'pencil-drawing' takes an input plane fixed to the pixel position")
                .doesNotContain("dilations");
        assertThat(failure("--operator", "l0-smoothing", "--variant", "nope", "--images", images.toString()))
                .contains("l0-smoothing: unknown variant 'nope'"); // from the layout, before the networks load
        assertThat(failure("--operator", "l0-smoothing", "--images", images.resolve("missing").toString()))
                .contains("is not a directory");
        assertThat(failure("--operator", "l0-smoothing", "--images", images.toString(), "--long-side", "0"))
                .contains("--long-side must be at least 16 px");
        Files.write(images.resolve("tiny.png"), new ImageEncoder().encode(Resampling.toLongSide(photo, 8), null,
                OutputFormat.PNG, 100));
        assertThat(failure("--operator", "l0-smoothing", "--images", images.toString()))
                .contains("tiny.png is 5x8: evaluate needs at least 9 px on each side");
        Path notImages = Files.createDirectory(images.resolve("not-images"));
        Files.writeString(notImages.resolve("notes.jpg"), "not an image");
        assertThat(failure("--operator", "l0-smoothing", "--images", notImages.toString()))
                .contains("notes.jpg: ");
    }

    private static String failure(String... args) {
        return CommandRuns.failure(new EvaluateCommand(), args);
    }

    private static String run(String... args) {
        return CommandRuns.output(new EvaluateCommand(), args);
    }
}
