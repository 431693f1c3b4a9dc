package io.fastimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs a CLI command in the test's JVM. */
final class CommandRuns {

    private CommandRuns() {
    }

    /** What a successful run of {@code command} prints on stdout; fails the test when the run fails. */
    static String output(Object command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(new CommandLine(command).execute(args)).isZero();
        } finally {
            System.setOut(previous);
        }
        return out.toString(StandardCharsets.UTF_8);
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
