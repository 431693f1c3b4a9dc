package io.fastimage.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command-line face of the jar: each subcommand is a class of this package. */
@Command(name = "fastimage", mixinStandardHelpOptions = true,
        description = "Fast image operators: command-line tools. Without a command the jar starts the HTTP service.",
        subcommands = {ApplyCommand.class, ImportTfCheckpointCommand.class, ReferenceCommand.class, BenchCommand.class, PairsCommand.class,
                TrainCommand.class, EvaluateCommand.class, LimitsCommand.class, SweepCommand.class, ScoreCommand.class})
public final class Cli {

    private Cli() {
    }

    /**
     * Whether {@code args} are for the command line rather than the service. The service takes only
     * options ({@code --name=value}), so any first word that is not an option is meant as a command:
     * an unknown one (a typo such as {@code evalute}) must be reported with the list of commands, not
     * silently start the web server.
     */
    public static boolean isCommand(String[] args) {
        if (args.length == 0) {
            return false;
        }
        return !args[0].startsWith("-") || args[0].equals("--help") || args[0].equals("-h")
                || args[0].equals("--version") || args[0].equals("-V");
    }

    public static int run(String[] args) {
        CommandLine commandLine = new CommandLine(new Cli());
        if (args.length > 0 && args[0].equals("help")) {
            commandLine.usage(System.out);
            return 0;
        }
        // A mistyped command gets the message, picocli's suggestion and the list of commands.
        commandLine.setParameterExceptionHandler((e, argv) -> {
            CommandLine cl = e.getCommandLine();
            cl.getErr().println("error: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, cl.getErr());
            cl.usage(cl.getErr());
            return 2;
        });
        // Users get the message, not a stack trace: errors here are about their input.
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            cl.getErr().println("error: " + e.getMessage());
            return 2;
        });
        return commandLine.execute(args);
    }
}
