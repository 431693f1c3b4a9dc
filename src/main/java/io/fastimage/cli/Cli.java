package io.fastimage.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command-line face of the jar: each subcommand is a class of this package. */
@Command(name = "fastimage", mixinStandardHelpOptions = true,
        description = "Fast image operators: command-line tools. Without a command the jar starts the HTTP service.",
        subcommands = {ImportTfCheckpointCommand.class, ReferenceCommand.class, BenchCommand.class, PairsCommand.class,
                TrainCommand.class, EvaluateCommand.class, LimitsCommand.class})
public final class Cli {

    private Cli() {
    }

    /** Whether {@code args} name a subcommand (anything else starts the service). */
    public static boolean isCommand(String[] args) {
        if (args.length == 0) {
            return false;
        }
        CommandLine commandLine = new CommandLine(new Cli());
        return commandLine.getSubcommands().containsKey(args[0]) || args[0].equals("help")
                || args[0].equals("--help") || args[0].equals("-h");
    }

    public static int run(String[] args) {
        CommandLine commandLine = new CommandLine(new Cli());
        if (args.length > 0 && args[0].equals("help")) {
            commandLine.usage(System.out);
            return 0;
        }
        // Users get the message, not a stack trace: errors here are about their input.
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            cl.getErr().println("error: " + e.getMessage());
            return 2;
        });
        return commandLine.execute(args);
    }
}
