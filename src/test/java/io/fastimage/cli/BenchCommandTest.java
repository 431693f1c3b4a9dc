package io.fastimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code bench} refuses what it cannot measure before it loads any network. */
class BenchCommandTest {

    @Test
    void anUnknownOperatorIsRefusedWithTheKnownOnes() {
        assertThat(CommandRuns.failure(new BenchCommand(), "--operators", "l0-smoothing,l0-smothing", "--sizes", "0.1"))
                .contains("unknown operator 'l0-smothing'; known: ", "dark-channel-dehazing");
    }
}
