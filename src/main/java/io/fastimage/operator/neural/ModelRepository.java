package io.fastimage.operator.neural;

import ai.djl.Device;
import io.fastimage.model.InvalidModelException;
import io.fastimage.model.ModelDescriptor;
import io.fastimage.model.ModelDirectory;
import io.fastimage.model.VariantConfig;
import io.fastimage.operator.NetworkCatalog;
import io.fastimage.operator.NetworkVariants;
import io.fastimage.operator.NetworkVariants.Variant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The networks found under a model repository root, laid out like Triton's model repository: one directory
 * per operator id, and in it either {@code model.json} directly (that operator's only network, variant
 * {@value NetworkVariants#DEFAULT_VARIANT}) or one directory per named variant, with
 * {@code config.json} ({@link VariantConfig}) naming the default when there are several. Every variant is
 * loaded and warmed up at start; a broken one makes only itself unavailable, with the reason, and a broken
 * operator directory only that operator's networks. The repository never writes into its root; hidden
 * directories (such as an import in progress) and plain files are ignored.
 */
public final class ModelRepository implements NetworkCatalog, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ModelRepository.class.getName());

    private final Map<String, NetworkVariants> operators;
    private final List<NeuralModel> loaded;

    private ModelRepository(Map<String, NetworkVariants> operators, List<NeuralModel> loaded) {
        this.operators = Collections.unmodifiableMap(operators);
        this.loaded = List.copyOf(loaded);
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
        return load(root, device, predictorsPerModel, tilePixels, knownOperatorIds, knownOperatorIds);
    }

    /**
     * As {@link #load(Path, Device, int, long, Set)}, loading only the directories of {@code wanted} (a command
     * that needs one operator's network); the others are skipped without a word.
     */
    public static ModelRepository load(Path root, Device device, int predictorsPerModel, long tilePixels,
                                       Set<String> knownOperatorIds, Set<String> wanted) {
        Map<String, NetworkVariants> operators = new TreeMap<>();
        List<NeuralModel> loaded = new ArrayList<>();
        for (Path directory : visibleDirectories(root)) {
            String id = directory.getFileName().toString();
            if (knownOperatorIds.contains(id) && !wanted.contains(id)) {
                continue;
            }
            try {
                if (!knownOperatorIds.contains(id)) {
                    throw new IllegalArgumentException("directory '" + id + "' is not named after a known operator id");
                }
                Layout layout = layout(directory);
                Map<String, Variant> variants = new LinkedHashMap<>();
                layout.variants().forEach((name, variantDirectory) -> {
                    String label = layout.variants().size() == 1 ? id : id + "/" + name;
                    try {
                        NeuralModel model = loadOne(variantDirectory, id, device, predictorsPerModel, tilePixels);
                        loaded.add(model);
                        variants.put(name, Variant.loaded(name, model));
                        LOG.log(Level.INFO, "loaded model {0} on {1}", label, device);
                    } catch (Exception e) {
                        variants.put(name, Variant.unavailable(name, reason(e)));
                        LOG.log(Level.WARNING, "model {0} is unavailable: {1}", label, reason(e));
                    }
                });
                operators.put(id, new NetworkVariants(layout.defaultVariant(), variants));
            } catch (Exception e) {
                operators.put(id, NetworkVariants.unavailable(reason(e)));
                LOG.log(Level.WARNING, "model {0} is unavailable: {1}", id, reason(e));
            }
        }
        return new ModelRepository(operators, loaded);
    }

    private static String reason(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** An operator directory's variants (name to directory, in name order) and which is the default. */
    private record Layout(String defaultVariant, Map<String, Path> variants) {
    }

    private static Layout layout(Path directory) throws InvalidModelException {
        if (Files.exists(directory.resolve(ModelDescriptor.FILE_NAME))) {
            return new Layout(NetworkVariants.DEFAULT_VARIANT, Map.of(NetworkVariants.DEFAULT_VARIANT, directory));
        }
        Map<String, Path> variants = new TreeMap<>();
        for (Path variant : visibleDirectories(directory)) {
            String name = variant.getFileName().toString();
            if (!ModelDescriptor.isWellFormedOperatorId(name)) {
                throw new InvalidModelException("variant directory '" + name + "' must be lower-case words joined by '-'");
            }
            variants.put(name, variant);
        }
        if (variants.isEmpty()) {
            throw new InvalidModelException("missing " + ModelDescriptor.FILE_NAME + " in " + directory);
        }
        Path config = directory.resolve(VariantConfig.FILE_NAME);
        String defaultVariant;
        if (Files.exists(config)) {
            defaultVariant = VariantConfig.readDefault(config);
        } else if (variants.size() == 1) {
            defaultVariant = variants.keySet().iterator().next();
        } else {
            throw new InvalidModelException("variants " + variants.keySet() + " and no " + VariantConfig.FILE_NAME
                    + " naming the default");
        }
        if (!variants.containsKey(defaultVariant)) {
            throw new InvalidModelException(VariantConfig.FILE_NAME + " names the default variant '" + defaultVariant
                    + "', which is not one of " + variants.keySet());
        }
        return new Layout(defaultVariant, variants);
    }

    private static NeuralModel loadOne(Path directory, String id, Device device, int predictors, long tilePixels)
            throws IOException {
        ModelDescriptor descriptor = ModelDirectory.readDescriptor(directory);
        if (!descriptor.operatorId().equals(id)) {
            throw new IllegalArgumentException("model.json names operator '" + descriptor.operatorId()
                    + "' but lies in directory '" + id + "'");
        }
        return NeuralModel.load(directory, descriptor, device, predictors, tilePixels);
    }

    private static List<Path> visibleDirectories(Path root) {
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
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    @Override
    public Optional<NetworkVariants> variants(String operatorId) {
        return Optional.ofNullable(operators.get(operatorId));
    }

    /** The default variant's network of {@code operatorId}, when it loaded. */
    public Optional<NeuralModel> model(String operatorId) {
        return variants(operatorId).map(v -> (NeuralModel) v.defaults().network());
    }

    /** Why the default variant of {@code operatorId} did not load; empty if it loaded or there is no directory. */
    public Optional<String> unavailableReason(String operatorId) {
        return variants(operatorId).map(v -> v.defaults().unavailableReason());
    }

    /** One entry per operator directory found, by operator id (directory name): its default variant's status. */
    public Map<String, ModelStatus> statuses() {
        Map<String, ModelStatus> statuses = new TreeMap<>();
        operators.forEach((id, variants) -> statuses.put(id, variants.defaults().network() != null
                ? ModelStatus.loaded(id) : ModelStatus.unavailable(id, variants.defaults().unavailableReason())));
        return Collections.unmodifiableMap(statuses);
    }

    @Override
    public void close() {
        loaded.forEach(NeuralModel::close);
    }
}
