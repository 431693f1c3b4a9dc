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

    public static void main(String[] args) {
        // DJL must never try the network, whichever way the jar is started.
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        // Before anything can load libtorch: oneDNN reads its instruction-set cap once.
        NativeSetup.configure();
        if (Cli.isCommand(args)) {
            System.exit(Cli.run(args));
        }
        SpringApplication.run(FastImageApplication.class, args);
    }
}
