package io.fastimage.cli;

import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command-line face of the jar: each subcommand is a class of this package. */
@Command(name = "fastimage", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Fast image operators: command-line tools. Without a command the jar starts the HTTP service.",
        subcommands = {ApplyCommand.class, ImportTfCheckpointCommand.class, ReferenceCommand.class, BenchCommand.class, PairsCommand.class,
                TrainCommand.class, EvaluateCommand.class, LimitsCommand.class, GuidedOracleCommand.class, SweepCommand.class, ScoreCommand.class,
                CommandLine.HelpCommand.class})
public final class Cli {

    private Cli() {
    }

    /** Spring Boot's own switches without a value, which start the service. */
    private static final Set<String> SERVICE_SWITCHES = Set.of("--debug", "--trace");

    /**
     * Whether {@code args} are for the command line rather than the service. The service takes only Spring
     * Boot options ({@code --name=value}, or its {@code --debug}/{@code --trace} switches), so anything else
     * first — a command, a typo such as {@code evalute}, or an option such as {@code --verison} or {@code -X} —
     * is meant for the command line and gets its answer (the list of commands, an error), instead of silently
     * starting the web server.
     */
    public static boolean isCommand(String[] args) {
        if (args.length == 0) {
            return false;
        }
        String first = args[0];
        return !(first.startsWith("--") && (first.contains("=") || SERVICE_SWITCHES.contains(first)));
    }

    public static int run(String[] args) {
        CommandLine commandLine = new CommandLine(new Cli());
        // A mistyped command gets the message, picocli's suggestion and the list of commands; a command's bad option
        // gets the message, any suggestion and where its usage is, not the whole usage in front of the message.
        commandLine.setParameterExceptionHandler((e, argv) -> {
            CommandLine cl = e.getCommandLine();
            cl.getErr().println("error: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, cl.getErr());
            if (cl.getParent() == null) {
                cl.usage(cl.getErr());
            } else {
                cl.getErr().println("usage: " + cl.getCommandSpec().qualifiedName() + " --help");
            }
            return 2;
        });
        // Users get the message, not a stack trace: errors here are about their input.
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            cl.getErr().println("error: " + CliSupport.describe(e));
            return 2;
        });
        return commandLine.execute(args);
    }

    /** The jar's version, from its manifest ({@code Implementation-Version}); classes run from a build tree have none. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Cli.class.getPackage().getImplementationVersion();
            return new String[] {"fastimage " + (version == null ? "(development build, no jar manifest)" : version)};
        }
    }
}
