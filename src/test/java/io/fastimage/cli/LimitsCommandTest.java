package io.fastimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastimage.ConformanceKit;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code limits} measures the exact operators alone, at a CAN24's view unless told otherwise. */
class LimitsCommandTest {

    @Test
    void measuresAtACan24sViewWithoutAnyModelAndRefusesAShiftOrRadiusBelowOnePixel(@TempDir Path images) throws Exception {
        ConformanceKit.writePhoto(images.resolve("photo.png"), 512);

        String printed = CommandRuns.output(new LimitsCommand(), "--operators", "rudin-osher-fatemi",
                "--images", images.toString());

        assertThat(printed).contains("1 images; shift 37 px, margin, window radius and mirrored margin 128 px");
        assertThat(printed.lines().filter(line -> line.startsWith("| rudin-osher-fatemi | "))).hasSize(1);
        assertThat(CommandRuns.failure(new LimitsCommand(), "--images", images.toString(), "--shift", "0"))
                .contains("--shift must be at least 1 px, got 0");
        assertThat(CommandRuns.failure(new LimitsCommand(), "--images", images.toString(), "--radius", "-5"))
                .contains("--radius must be at least 1 px, got -5");
    }
}
