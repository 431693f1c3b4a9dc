package io.fastimage.operator.neural;

import ai.djl.Device;
import io.fastimage.model.ModelDescriptor;
import io.fastimage.model.ModelDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The networks found under a model repository root, one directory per operator id (like Triton's
 * model repository). Every directory is loaded and warmed up at start; a broken one makes only its
 * operator unavailable, with the reason. The repository never writes into its root; hidden
 * directories (such as an import in progress) and plain files are ignored.
 */
public final class ModelRepository implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ModelRepository.class.getName());

    private final Map<String, NeuralModel> models;
    private final Map<String, ModelStatus> statuses;

    private ModelRepository(Map<String, NeuralModel> models, Map<String, ModelStatus> statuses) {
        this.models = Collections.unmodifiableMap(models);
        this.statuses = Collections.unmodifiableMap(statuses);
    }

    /**
     * Loads every model directory under {@code root} (a missing root is an empty repository).
     *
     * @param predictorsPerModel how many inferences of one model may run at once
     * @param knownOperatorIds   the operator ids a directory may be named after
     */
    public static ModelRepository load(Path root, Device device, int predictorsPerModel, Set<String> knownOperatorIds) {
        return load(root, device, predictorsPerModel, Tiling.DEFAULT_TILE_PIXELS, knownOperatorIds);
    }

    /** As {@link #load(Path, Device, int, Set)}, with images above {@code tilePixels} pixels run in tiles. */
    public static ModelRepository load(Path root, Device device, int predictorsPerModel, long tilePixels,
                                       Set<String> knownOperatorIds) {
        Map<String, NeuralModel> models = new TreeMap<>();
        Map<String, ModelStatus> statuses = new TreeMap<>();
        for (Path directory : modelDirectories(root)) {
            String id = directory.getFileName().toString();
            try {
                models.put(id, loadOne(directory, id, device, predictorsPerModel, tilePixels, knownOperatorIds));
                statuses.put(id, ModelStatus.loaded(id));
                LOG.log(Level.INFO, "loaded model {0} on {1}", id, device);
            } catch (Exception e) {
                String reason = e.getMessage() == null ? e.toString() : e.getMessage();
                statuses.put(id, ModelStatus.unavailable(id, reason));
                LOG.log(Level.WARNING, "model {0} is unavailable: {1}", id, reason);
            }
        }
        return new ModelRepository(models, statuses);
    }

    private static NeuralModel loadOne(Path directory, String id, Device device, int predictors, long tilePixels,
                                       Set<String> known) throws IOException {
        if (!known.contains(id)) {
            throw new IllegalArgumentException("directory '" + id + "' is not named after a known operator id");
        }
        ModelDescriptor descriptor = ModelDirectory.readDescriptor(directory);
        if (!descriptor.operatorId().equals(id)) {
            throw new IllegalArgumentException("model.json names operator '" + descriptor.operatorId()
                    + "' but lies in directory '" + id + "'");
        }
        return NeuralModel.load(directory, descriptor, device, predictors, tilePixels);
    }

    private static List<Path> modelDirectories(Path root) {
        if (!Files.isDirectory(root)) {
            LOG.log(Level.INFO, "model repository {0} does not exist: no networks", root);
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list model repository " + root, e);
        }
    }

    public Optional<NeuralModel> model(String operatorId) {
        return Optional.ofNullable(models.get(operatorId));
    }

    /** Why the directory of {@code operatorId} did not load; empty if it loaded or does not exist. */
    public Optional<String> unavailableReason(String operatorId) {
        ModelStatus status = statuses.get(operatorId);
        return status == null ? Optional.empty() : status.unavailableReason();
    }

    /** One entry per model directory found, by operator id (directory name). */
    public Map<String, ModelStatus> statuses() {
        return statuses;
    }

    @Override
    public void close() {
        models.values().forEach(NeuralModel::close);
    }
}
