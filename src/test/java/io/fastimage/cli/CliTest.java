package io.fastimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which arguments are commands, and what a mistyped command answers. */
class CliTest {

    @Test
    void serviceOptionsAndNoArgumentsStartTheServiceEverythingElseIsACommand() {
        assertThat(Cli.isCommand(new String[0])).isFalse();
        assertThat(Cli.isCommand(new String[] {"--server.port=9090", "--fastimage.models=m"})).isFalse();
        assertThat(Cli.isCommand(new String[] {"evaluate", "--operator", "tv-l1"})).isTrue();
        assertThat(Cli.isCommand(new String[] {"evalute"})).isTrue();
        assertThat(Cli.isCommand(new String[] {"help"})).isTrue();
        assertThat(Cli.isCommand(new String[] {"--help"})).isTrue();
        assertThat(Cli.isCommand(new String[] {"--debug"})).isFalse();
        assertThat(Cli.isCommand(new String[] {"--verison"})).as("a mistyped option is an error, not a server").isTrue();
        assertThat(Cli.isCommand(new String[] {"-X"})).isTrue();
    }

    @Test
    void aMistypedCommandIsAnErrorThatSuggestsAndListsTheCommands() {
        Failure failure = failure("evalute", "--operator", "tv-l1");
        String message = failure.stderr();
        assertThat(failure.status()).isEqualTo(2);
        assertThat(message).contains("error: Unmatched argument", "'evalute'", "Did you mean: fastimage evaluate?");
        assertThat(message).contains("Commands:", "apply", "import-tf-checkpoint", "reference", "bench", "train", "limits");
    }

    @Test
    void aCommandsBadOptionValueGetsTheMessageAndWhereTheUsageIsNotTheWholeUsage() {
        Failure failure = failure("bench", "--repeats", "three");
        String message = failure.stderr();
        assertThat(failure.status()).isEqualTo(2);
        assertThat(message).contains("error: Invalid value for option '--repeats': 'three' is not an int",
                "usage: fastimage bench --help").doesNotContain("Usage:");
    }

    @Test
    void aMissingFileIsNamedWithWhatIsWrongWithIt(@TempDir Path dir) {
        Path missing = dir.resolve("missing.png");
        Failure failure = failure("reference", "--operator", "tv-l1", missing.toString(), dir.resolve("out.png").toString());
        assertThat(failure.status()).isEqualTo(2);
        assertThat(failure.stderr()).contains("error: " + missing + ": no such file or folder");
    }

    @Test
    void helpWithACommandShowsThatCommandsUsageAndVersionNamesTheProgram() {
        PrintStream originalOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int helpStatus;
        int versionStatus;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            helpStatus = Cli.run(new String[] {"help", "apply"});
            versionStatus = Cli.run(new String[] {"-V"});
        } finally {
            System.setOut(originalOut);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(helpStatus).isZero();
        assertThat(versionStatus).isZero();
        assertThat(printed).contains("Usage: fastimage apply", "--variant").doesNotContain("Commands:");
        assertThat(printed).containsPattern("(?m)^fastimage (\\d|\\(development build)");
    }

    private record Failure(int status, String stderr) {
    }

    /** {@code Cli.run(args)}'s exit status and what it wrote to stderr. */
    private static Failure failure(String... args) {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Cli.run(args);
            return new Failure(status, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(originalErr);
        }
    }
}
