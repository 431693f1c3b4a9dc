package io.fastimage.operator.neural;

import ai.djl.Device;
import io.fastimage.model.InvalidModelException;
import io.fastimage.model.ModelDescriptor;
import io.fastimage.model.ModelDirectory;
import io.fastimage.model.VariantConfig;
import io.fastimage.operator.Network;
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
 * per operator id, and in it {@code model.json} directly (variant {@value NetworkVariants#DEFAULT_VARIANT})
 * and/or one directory per named variant, with {@code config.json} ({@link VariantConfig}) naming the default
 * when that is ambiguous and any variants that use a network shared between operators
 * ({@code models/shared/<name>/}: loaded once, weights in memory once, each operator's variant running it
 * with that operator's task plane on). Every network is loaded and warmed up at start; a broken one makes
 * only its variants unavailable, with the reason, and a broken operator directory only that operator's
 * networks. The repository never writes into its root; hidden directories (such as an import in progress)
 * and plain files are ignored.
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
        SharedNetworks shared = new SharedNetworks(root.resolve(VariantConfig.SHARED_DIRECTORY), device,
                predictorsPerModel, tilePixels, loaded);
        for (Path directory : visibleDirectories(root)) {
            String id = directory.getFileName().toString();
            if (id.equals(VariantConfig.SHARED_DIRECTORY)) {
                continue;
            }
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
                layout.shared().forEach((name, network) -> {
                    try {
                        variants.put(name, Variant.loaded(name, new TaskNetwork(shared.get(network), id)));
                        LOG.log(Level.INFO, "variant {0}/{1} uses shared network {2}", id, name, network);
                    } catch (Exception e) {
                        variants.put(name, Variant.unavailable(name, reason(e)));
                        LOG.log(Level.WARNING, "model {0}/{1} is unavailable: {2}", id, name, reason(e));
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

    /**
     * An operator directory's variants read from its layout alone, none of them loaded (each unavailable, "not
     * loaded"), so that a command can check a variant name with {@link NetworkVariants#choose} before the engine
     * starts: the names, order, default and messages of the loaded repository.
     *
     * @throws InvalidModelException when the directory's layout is invalid, as loading it would report
     */
    public static NetworkVariants unloadedVariants(Path directory) throws InvalidModelException {
        Layout layout = layout(directory);
        Map<String, Variant> variants = new LinkedHashMap<>();
        Stream.concat(layout.variants().keySet().stream(), layout.shared().keySet().stream())
                .forEach(name -> variants.put(name, Variant.unavailable(name, "not loaded")));
        return new NetworkVariants(layout.defaultVariant(), variants);
    }

    /**
     * An operator directory's variants with their own directories (name to directory, in name order), those
     * that use a shared network (name to shared network name), and which is the default.
     */
    private record Layout(String defaultVariant, Map<String, Path> variants, Map<String, String> shared) {
    }

    private static Layout layout(Path directory) throws InvalidModelException {
        Map<String, Path> variants = new TreeMap<>();
        boolean flat = Files.exists(directory.resolve(ModelDescriptor.FILE_NAME));
        if (flat) {
            variants.put(NetworkVariants.DEFAULT_VARIANT, directory);
        }
        for (Path variant : visibleDirectories(directory)) {
            String name = variant.getFileName().toString();
            if (!ModelDescriptor.isWellFormedOperatorId(name)) {
                throw new InvalidModelException("variant directory '" + name + "' must be lower-case words joined by '-'");
            }
            if (variants.containsKey(name)) {
                throw new InvalidModelException("variant directory '" + name + "' clashes with the model.json beside it");
            }
            variants.put(name, variant);
        }
        Path config = directory.resolve(VariantConfig.FILE_NAME);
        VariantConfig declared = Files.exists(config) ? VariantConfig.read(config)
                : new VariantConfig(java.util.Optional.empty(), Map.of());
        for (String name : declared.shared().keySet()) {
            if (variants.containsKey(name)) {
                throw new InvalidModelException(VariantConfig.FILE_NAME + " declares shared variant '" + name
                        + "', which also has its own directory");
            }
        }
        Set<String> all = new java.util.TreeSet<>(variants.keySet());
        all.addAll(declared.shared().keySet());
        if (all.isEmpty()) {
            throw new InvalidModelException("missing " + ModelDescriptor.FILE_NAME + " in " + directory);
        }
        String defaultVariant;
        if (declared.defaultVariant().isPresent()) {
            defaultVariant = declared.defaultVariant().get();
        } else if (flat) {
            // model.json beside variant directories is the operator's network as it was before variants.
            defaultVariant = NetworkVariants.DEFAULT_VARIANT;
        } else if (all.size() == 1) {
            defaultVariant = all.iterator().next();
        } else {
            throw new InvalidModelException("variants " + all + " and no " + VariantConfig.FILE_NAME
                    + " naming the default");
        }
        if (!all.contains(defaultVariant)) {
            throw new InvalidModelException(VariantConfig.FILE_NAME + " names the default variant '" + defaultVariant
                    + "', which is not one of " + all);
        }
        return new Layout(defaultVariant, variants, declared.shared());
    }

    /**
     * The networks of {@code models/shared/}, each loaded at its first use and kept (or its failure, so that
     * a broken one is tried once).
     */
    private static final class SharedNetworks {
        private final Path root;
        private final Device device;
        private final int predictors;
        private final long tilePixels;
        private final List<NeuralModel> loaded;
        private final Map<String, Object> byName = new java.util.HashMap<>();

        SharedNetworks(Path root, Device device, int predictors, long tilePixels, List<NeuralModel> loaded) {
            this.root = root;
            this.device = device;
            this.predictors = predictors;
            this.tilePixels = tilePixels;
            this.loaded = loaded;
        }

        NeuralModel get(String name) throws Exception {
            Object known = byName.get(name);
            if (known == null) {
                try {
                    Path directory = root.resolve(name);
                    if (!Files.isDirectory(directory)) {
                        throw new InvalidModelException("no shared network " + VariantConfig.SHARED_DIRECTORY + "/" + name);
                    }
                    NeuralModel model = NeuralModel.load(directory, ModelDirectory.readDescriptor(directory), device,
                            predictors, tilePixels);
                    loaded.add(model);
                    LOG.log(Level.INFO, "loaded shared model {0} on {1}", name, device);
                    known = model;
                } catch (Exception e) {
                    known = e;
                }
                byName.put(name, known);
            }
            if (known instanceof Exception e) {
                throw e;
            }
            return (NeuralModel) known;
        }
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
    public Optional<Network> model(String operatorId) {
        return variants(operatorId).map(v -> v.defaults().network());
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
