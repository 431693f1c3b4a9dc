package io.fastimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastimage.ConformanceKit;
import io.fastimage.codec.ImageEncoder;
import io.fastimage.codec.OutputFormat;
import io.fastimage.image.Resampling;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate} scores the variant it is asked for, beside doing nothing, on every photo of a folder. */
class EvaluateCommandTest {

    @Test
    void scoresTheChosenVariantOfTheShippedNetworksAndRefusesAnUnknownOne(@TempDir Path images) throws Exception {
        Files.write(images.resolve("photo.png"), new ImageEncoder().encode(
                Resampling.toLongSide(ConformanceKit.photo(ConformanceKit.PHOTO), 160), null, OutputFormat.PNG, 100));

        String guided = run("--operator", "l0-smoothing", "--variant", "guided", "--images", images.toString());
        String defaults = run("--operator", "l0-smoothing", "--images", images.toString());

        assertThat(guided).contains("l0-smoothing, variant guided: guided filter", "| photo.png | 106x160 |");
        assertThat(defaults).contains("l0-smoothing, variant can32: CAN32");
        assertThat(guided.lines().filter(line -> line.startsWith("| **mean of 1**"))).hasSize(1);
        assertThat(failure("--operator", "l0-smoothing", "--variant", "nope", "--images", images.toString()))
                .contains("unknown variant 'nope'");
        assertThat(failure("--operator", "l0-smoothing", "--images", images.resolve("missing").toString()))
                .contains("is not a directory");
        assertThat(failure("--operator", "l0-smoothing", "--images", images.toString(), "--long-side", "0"))
                .contains("--long-side must be at least 16 px");
    }

    private static String failure(String... args) {
        return CommandRuns.failure(new EvaluateCommand(), args);
    }

    private static String run(String... args) {
        return CommandRuns.output(new EvaluateCommand(), args);
    }
}
