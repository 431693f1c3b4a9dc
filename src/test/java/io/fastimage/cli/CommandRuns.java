package io.fastimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs a CLI command in the test's JVM. */
final class CommandRuns {

    private CommandRuns() {
    }

    /** What a failing run of {@code command} says on stderr; fails the test when the run succeeds. */
    static String failure(Object command, String... args) {
        CommandLine commandLine = new CommandLine(command);
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err, true));
        assertThat(commandLine.execute(args)).isNotZero();
        return err.toString();
    }
}
