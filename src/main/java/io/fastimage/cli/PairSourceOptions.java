package io.fastimage.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --corpus DIR --cache DIR --conformance DIR}: where the commands that measure or train against the
 * exact operators find their photos, the cached exact results and the CI image subset ({@code train},
 * {@code score}).
 */
final class PairSourceOptions {

    @Option(names = "--corpus", defaultValue = TrainingDefaults.CORPUS, description = "corpus directory (default ${DEFAULT-VALUE})")
    Path corpus;

    @Option(names = "--cache", defaultValue = TrainingDefaults.CACHE, description = "pair cache (default ${DEFAULT-VALUE})")
    Path cache;

    @Option(names = "--conformance", defaultValue = "../shared/conformance",
            description = "directory of the CI image subset (default ${DEFAULT-VALUE})")
    Path conformance;
}
