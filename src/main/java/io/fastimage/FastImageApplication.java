package io.fastimage;

import io.fastimage.cli.Cli;
import io.fastimage.operator.neural.NativeSetup;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * One jar, two faces: with a subcommand as first argument it is the command-line tool
 * ({@code import-tf-checkpoint}, {@code reference}, ...), otherwise it starts the HTTP service.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FastImageApplication {

    private static final String LOGBACK_CONFIGURATION = "logback.configurationFile";

    public static void main(String[] args) {
        // DJL must never try the network, whichever way the jar is started.
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        boolean command = Cli.isCommand(args);
        if (command && System.getProperty(LOGBACK_CONFIGURATION) == null) {
            // Before the first logger: a command's logs go to stderr, its results alone to stdout.
            System.setProperty(LOGBACK_CONFIGURATION, "logback-cli.xml");
        }
        // Before anything can load libtorch: oneDNN reads its instruction-set cap once.
        NativeSetup.configure();
        if (command) {
            System.exit(Cli.run(args));
        }
        SpringApplication.run(FastImageApplication.class, args);
    }
}
