package io.fastimage.cli;

import ai.djl.Device;
import io.fastimage.operator.neural.ModelRepository;
import java.nio.file.Path;
import io.fastimage.operator.exact.ReferenceOperators;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * {@code --models DIR [--tile-pixels N]}: the networks a command runs as the service runs them, for
 * {@code bench} and {@code evaluate}.
 */
final class ModelRepositoryOptions {

    @Option(names = "--models", defaultValue = "models", description = "model repository (default ${DEFAULT-VALUE})")
    Path models;

    @Option(names = "--tile-pixels", defaultValue = "4194304",
            description = "larger images run through the network in tiles of at most this many pixels, as in the service "
                    + "(default ${DEFAULT-VALUE})")
    long tilePixels;

    /**
     * The models of {@code operatorIds} found in {@code --models}, one predictor each; other operators'
     * directories are not loaded (nor reported).
     */
    ModelRepository load(Device device, Set<String> operatorIds) {
        return ModelRepository.load(models, device, 1, tilePixels, ReferenceOperators.all().stream().map(op -> op.info().id())
                .collect(Collectors.toSet()), operatorIds);
    }
}
