package io.fastimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastimage.ConformanceKit;
import io.fastimage.codec.ImageEncoder;
import io.fastimage.codec.OutputFormat;
import io.fastimage.image.Rgb8Image;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code guided-oracle} scores the guided filtering layer with an oracle CAN, beside doing nothing, per operator. */
class GuidedOracleCommandTest {

    @Test
    void printsOneRowPerOperatorAndShortSideAndRefusesAShortSideOutOfRange(@TempDir Path images) throws Exception {
        ConformanceKit.writePhoto(images.resolve("photo.png"), 160);

        String printed = CommandRuns.output(new GuidedOracleCommand(), "--operators", "detail-manipulation,tv-l1",
                "--images", images.toString(), "--short-sides", "32,160");

        assertThat(printed).contains("1 images; radius 1, epsilon 1.0E-4");
        assertThat(printed.lines().filter(line -> line.startsWith("| detail-manipulation | 32 | "))).hasSize(1);
        assertThat(printed.lines().filter(line -> line.startsWith("| tv-l1 | 160 (1 not shrunk) | "))).hasSize(1);
        assertThat(printed.lines().filter(line -> line.startsWith("| "))).hasSize(5); // the header and 2 × 2 rows
        assertThat(CommandRuns.failure(new GuidedOracleCommand(), "--images", images.toString(), "--short-sides", "32,8"))
                .contains("the low-resolution short side must be 16–2048 px, got 8");
        assertThat(CommandRuns.failure(new GuidedOracleCommand(), "--operators", "nope", "--images", images.toString(),
                "--short-sides", "32")).contains("nope");
        Files.write(images.resolve("tiny.png"), new ImageEncoder().encode(new Rgb8Image(12, 6, new byte[3 * 12 * 6]), null,
                OutputFormat.PNG, 100));
        assertThat(CommandRuns.failure(new GuidedOracleCommand(), "--images", images.toString(), "--short-sides", "32"))
                .contains("tiny.png is 12x6: guided-oracle needs at least 9 px on each side");
    }
}
