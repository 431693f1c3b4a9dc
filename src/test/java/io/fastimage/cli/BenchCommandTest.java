package io.fastimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/** {@code bench} refuses what it cannot measure before it loads any network, and times what it is asked to. */
class BenchCommandTest {

    @Test
    void anUnknownOperatorIsRefusedWithTheKnownOnes() {
        assertThat(CommandRuns.failure(new BenchCommand(), "--operators", "l0-smoothing,l0-smothing", "--sizes", "0.1"))
                .contains("unknown operator 'l0-smothing'; known: ", "dark-channel-dehazing");
    }

    @Test
    void anEnsembleSizeOtherThan1248IsRefused() {
        assertThat(CommandRuns.failure(new BenchCommand(), "--operators", "l0-smoothing", "--ensemble", "6"))
                .contains("ensemble must be 1, 2, 4 or 8");
    }

    @Test
    void sizesOutsideWhatCanBeMeasuredAndRepeatsBelowOneAreRefused() {
        for (String size : new String[] {"0", "-1", "NaN", "1e309", "1000"}) {
            assertThat(CommandRuns.failure(new BenchCommand(), "--operators", "l0-smoothing", "--sizes", size))
                    .as(size).contains("--sizes takes megapixels above 0 and at most 100, got ");
        }
        assertThat(CommandRuns.failure(new BenchCommand(), "--operators", "l0-smoothing", "--repeats", "0"))
                .contains("--repeats must be at least 1, got 0");
    }

    @Test
    void networksRunAsTheAskedEnsembleAndATexturedOneIsLeftOut() {
        String output = CommandRuns.output(new BenchCommand(), "--operators", "pencil-drawing,tv-l1", "--no-reference",
                "--sizes", "0.01", "--repeats", "1", "--ensemble", "2");
        assertThat(output).contains("networks as self-ensembles of 2").contains("| tv-l1 | 0.01 | - | - | default (");
        // Pencil drawing's two textured networks cannot be flipped; the combined network, which takes no texture, can.
        assertThat(output.lines().filter(line -> line.startsWith("| pencil-drawing |")))
                .singleElement(InstanceOfAssertFactories.STRING)
                .startsWith("| pencil-drawing | 0.01 | - | - | combined (");
    }
}
