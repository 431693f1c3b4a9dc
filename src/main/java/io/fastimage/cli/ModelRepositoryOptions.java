package io.fastimage.cli;

import ai.djl.Device;
import io.fastimage.model.InvalidModelException;
import io.fastimage.operator.InvalidParameterException;
import io.fastimage.operator.exact.ReferenceOperators;
import io.fastimage.operator.neural.ModelRepository;
import java.nio.file.Files;
import java.nio.file.Path;
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
     * Fails before the networks load (seconds) on a {@code variant} the operator's directory does not have, by the rule
     * and with the message that choosing among the loaded networks would give; null (the default) always passes, and a
     * missing directory is left for loading to report.
     *
     * @throws IllegalArgumentException naming the operator, the variant and the known ones
     */
    void requireKnownVariant(String operatorId, String variant) throws InvalidModelException {
        Path directory = models.resolve(operatorId);
        if (variant == null || !Files.isDirectory(directory)) {
            return;
        }
        try {
            ModelRepository.unloadedVariants(directory).choose(variant);
        } catch (InvalidParameterException e) {
            throw new IllegalArgumentException(operatorId + ": " + e.getMessage(), e);
        }
    }

    /**
     * The models of {@code operatorIds} found in {@code --models}, one predictor each; other operators'
     * directories are not loaded (nor reported).
     */
    ModelRepository load(Device device, Set<String> operatorIds) {
        return ModelRepository.load(models, device, 1, tilePixels, ReferenceOperators.all().stream().map(op -> op.info().id())
                .collect(Collectors.toSet()), operatorIds);
    }
}
