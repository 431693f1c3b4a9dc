package io.fastimage.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.fastimage.model.ModelDescriptor.AccuracyMeasurement;
import io.fastimage.model.ModelDescriptor.Provenance;
import io.fastimage.model.ModelDescriptor.WeightsFile;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A model directory on disk: {@code model.json} plus a safetensors weights file whose tensor names are
 * the network's {@link NetworkBlock#namedParameters()}, whatever its kind. Writing goes to a hidden temporary sibling that is
 * moved into place, so a reader never sees half a model.
 */
public final class ModelDirectory {

    public static final String WEIGHTS_FILE = "weights.safetensors";

    /** What a model directory says beyond the network itself. */
    public record Metadata(String operatorId, ChannelOrder channelOrder, OutputQuantization outputQuantization,
                           Provenance provenance, List<AccuracyMeasurement> accuracy) {
    }

    private ModelDirectory() {
    }

    public static ModelDescriptor readDescriptor(Path directory) throws InvalidModelException {
        Path file = directory.resolve(ModelDescriptor.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new InvalidModelException("missing " + ModelDescriptor.FILE_NAME + " in " + directory);
        }
        return ModelDescriptorJson.read(file);
    }

    /**
     * Builds the network that {@code descriptor} describes on {@code manager}'s device and fills it from
     * the weights file, checking its SHA-256, every tensor name, data type and shape.
     *
     * @throws InvalidModelException when the file is unreadable, corrupt or does not fit the architecture
     */
    public static NetworkBlock loadNetwork(Path directory, ModelDescriptor descriptor, NDManager manager)
            throws InvalidModelException {
        Path file = directory.resolve(descriptor.weights().file());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidModelException("cannot read weights file " + file + ": " + e, e);
        }
        String actual = sha256(bytes);
        if (!actual.equals(descriptor.weights().sha256())) {
            throw new InvalidModelException("weights file " + file.getFileName() + " is corrupt or was replaced: sha256 "
                    + actual + " differs from model.json's " + descriptor.weights().sha256());
        }
        NetworkBlock network = descriptor.network().newBlock();
        network.initialize(manager);
        try {
            assignWeights(network, bytes, file.getFileName().toString(), manager);
        } catch (InvalidModelException e) {
            network.clear();
            throw e;
        }
        return network;
    }

    /**
     * Fills {@code network} (initialized) from safetensors {@code bytes}: every tensor the architecture names, float32
     * and of its shape, and no other.
     *
     * @param network  the network to fill, its parameters initialized
     * @param bytes    the contents of a safetensors file
     * @param fileName the file's name, for messages
     * @param manager  where the decoded tensors live until they are assigned
     * @throws InvalidModelException when the bytes are not safetensors or do not fit the architecture
     */
    public static void assignWeights(NetworkBlock network, byte[] bytes, String fileName, NDManager manager)
            throws InvalidModelException {
        try (NDManager scratch = manager.newSubManager()) {
            Map<String, NDArray> tensors = new TreeMap<>();
            NDList list;
            try {
                list = NDList.decode(scratch, bytes);
            } catch (RuntimeException e) {
                throw new InvalidModelException("weights file " + fileName + " is not readable safetensors: " + e, e);
            }
            for (NDArray array : list) {
                tensors.put(array.getName(), array);
            }
            Map<String, Parameter> expected = network.namedParameters();
            TreeSet<String> unexpected = new TreeSet<>(tensors.keySet());
            unexpected.removeAll(expected.keySet());
            if (!unexpected.isEmpty()) {
                throw new InvalidModelException("weights file has tensor '" + unexpected.first()
                        + "' that the architecture in model.json does not have");
            }
            for (Map.Entry<String, Parameter> entry : expected.entrySet()) {
                NDArray tensor = tensors.get(entry.getKey());
                if (tensor == null) {
                    throw new InvalidModelException("weights file lacks tensor '" + entry.getKey() + "'");
                }
                Shape want = entry.getValue().getShape();
                if (!tensor.getShape().equals(want) || tensor.getDataType() != DataType.FLOAT32) {
                    throw new InvalidModelException("tensor '" + entry.getKey() + "' is " + tensor.getDataType() + " "
                            + tensor.getShape() + ", the architecture in model.json needs float32 " + want);
                }
                network.assign(entry.getKey(), tensor.toFloatArray());
            }
        }
    }

    /**
     * Writes {@code network} and its descriptor into {@code target}, which must not exist yet.
     *
     * @return the descriptor as written (with the weights' SHA-256)
     */
    public static ModelDescriptor write(Path target, NetworkBlock network, Metadata metadata)
            throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.exists(absolute)) {
            throw new FileAlreadyExistsException(absolute.toString(), null, "the output directory already exists");
        }
        Path temporary = writeTemporary(absolute, network, metadata, Map.of());
        move(temporary, absolute);
        return readDescriptor(absolute);
    }

    /**
     * Writes a new version of the model at {@code target} (which may exist) with {@code extraFiles} (name
     * to content, e.g. a model card) beside model.json. The new version is complete on disk before it
     * replaces the old one, which is moved aside first and deleted last: a crash at any point leaves either
     * version whole, and {@link #restoreInterrupted} puts the old one back if the swap was cut short. What the old
     * directory holds beside the model and the new version does not write (an operator's {@code config.json} and
     * variant directories, when the model is its {@code default} variant) is copied into the new version first.
     */
    public static ModelDescriptor replace(Path target, NetworkBlock network, Metadata metadata,
                                          Map<String, byte[]> extraFiles) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        restoreInterrupted(absolute);
        swapIn(writeTemporary(absolute, network, metadata, extraFiles), absolute);
        return readDescriptor(absolute);
    }

    /**
     * Rewrites files of the saved model in {@code directory} together ({@code files}: name to content, e.g. model.json
     * and the card with new scores), in the way {@link #replace} swaps a whole new version in: everything else the
     * directory holds, the weights first, is copied into the new version, and a crash leaves either all the old
     * files or all the new ones ({@link #restoreInterrupted} puts the old ones back if the swap was cut short).
     *
     * @throws NoSuchFileException        when {@code directory} does not exist
     * @throws IllegalArgumentException   when a name is not a plain file name, is the weights file, or names a folder
     *                                    of the directory (nothing changes)
     * @throws InvalidModelException      when the rewritten directory would hold no readable model.json (nothing
     *                                    changes)
     */
    public static void rewrite(Path directory, Map<String, byte[]> files) throws IOException {
        Path absolute = directory.toAbsolutePath().normalize();
        restoreInterrupted(absolute);
        if (!Files.isDirectory(absolute)) {
            throw new NoSuchFileException(absolute.toString(), null, "no saved model to rewrite");
        }
        for (String name : files.keySet()) {
            if (plainName(name).equals(WEIGHTS_FILE) || Files.isDirectory(absolute.resolve(name))) {
                throw new IllegalArgumentException("rewrite keeps the weights and folders: '" + name + "'");
            }
        }
        Path temporary = buildTemporary(absolute, newVersion -> {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Files.write(newVersion.resolve(file.getKey()), file.getValue());
            }
            copyWhatIsBeside(absolute, newVersion);
            readDescriptor(newVersion);
        });
        swapIn(temporary, absolute);
    }

    /**
     * Moves a complete new version to {@code absolute}, the old one (if any) aside first and deleted last; if the
     * new one cannot be moved in, the old one is moved back before the failure is thrown.
     */
    private static void swapIn(Path temporary, Path absolute) throws IOException {
        Path previous = null;
        if (Files.exists(absolute)) {
            previous = sibling(absolute, PREVIOUS_MARK);
            move(absolute, previous);
        }
        try {
            move(temporary, absolute);
        } catch (IOException | RuntimeException e) {
            if (previous != null) {
                try {
                    move(previous, absolute);
                } catch (IOException | RuntimeException restoring) {
                    // The first failure is the cause; the old version stays under its hidden name for restoreInterrupted.
                    e.addSuppressed(restoring);
                }
            }
            deleteQuietly(temporary);
            throw e;
        }
        if (previous != null) {
            deleteQuietly(previous);
        }
    }

    private static String plainName(String name) {
        if (!name.matches("[A-Za-z0-9_][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("not a plain file name: '" + name + "'");
        }
        return name;
    }

    /**
     * Copies the entries of {@code directory} (if it exists) that {@code newVersion} lacks, folders with their
     * contents and links as links; not a crashed save's hidden temporary directory, which is nobody's to keep.
     */
    private static void copyWhatIsBeside(Path directory, Path newVersion) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                Path copy = newVersion.resolve(name);
                boolean crashedSave = name.startsWith(".") && name.contains(TEMPORARY_MARK);
                if (crashedSave || Files.exists(copy, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try (Stream<Path> tree = Files.walk(entry)) {
                    for (Path source : tree.toList()) {
                        Files.copy(source, copy.resolve(entry.relativize(source).toString()),
                                StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                    }
                }
            }
        }
    }

    /** If a {@link #replace} or {@link #rewrite} stopped between its two moves, moves the previous version back. */
    public static void restoreInterrupted(Path target) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.exists(absolute) || !Files.isDirectory(absolute.getParent())) {
            return;
        }
        try (var siblings = Files.list(absolute.getParent())) {
            Path previous = siblings.filter(p -> p.getFileName().toString()
                    .startsWith("." + absolute.getFileName() + PREVIOUS_MARK)).findFirst().orElse(null);
            if (previous != null) {
                move(previous, absolute);
            }
        }
    }

    private static final String PREVIOUS_MARK = ".previous-";
    private static final String TEMPORARY_MARK = ".tmp-";

    /**
     * The new version, complete, in a hidden sibling of {@code absolute}, with copies of what an existing
     * {@code absolute} holds beside the model.
     */
    private static Path writeTemporary(Path absolute, NetworkBlock network, Metadata metadata,
                                       Map<String, byte[]> extraFiles) throws IOException {
        return buildTemporary(absolute, newVersion -> {
            byte[] weights = encodeWeights(network);
            Files.write(newVersion.resolve(WEIGHTS_FILE), weights);
            ModelDescriptor descriptor = new ModelDescriptor(ModelDescriptor.FORMAT_VERSION, metadata.operatorId(),
                    network.spec(), metadata.channelOrder(),
                    metadata.outputQuantization(),
                    new WeightsFile(WEIGHTS_FILE, WeightsFile.SAFETENSORS, sha256(weights)),
                    metadata.provenance(), metadata.accuracy());
            ModelDescriptorJson.write(descriptor, newVersion.resolve(ModelDescriptor.FILE_NAME));
            for (Map.Entry<String, byte[]> extra : extraFiles.entrySet()) {
                String name = plainName(extra.getKey());
                if (name.equals(WEIGHTS_FILE) || name.equals(ModelDescriptor.FILE_NAME)) {
                    throw new IllegalArgumentException("an extra file cannot replace the model's own: '" + name + "'");
                }
                Files.write(newVersion.resolve(name), extra.getValue());
            }
            copyWhatIsBeside(absolute, newVersion);
        });
    }

    /** What fills a new version of a model directory. */
    private interface Filling {
        void fill(Path newVersion) throws IOException;
    }

    /** A hidden sibling of {@code absolute} that {@code filling} has filled; deleted again if filling it fails. */
    private static Path buildTemporary(Path absolute, Filling filling) throws IOException {
        Files.createDirectories(absolute.getParent());
        Path temporary = sibling(absolute, TEMPORARY_MARK);
        Files.createDirectory(temporary);
        try {
            filling.fill(temporary);
            return temporary;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temporary);
            throw e;
        }
    }

    private static Path sibling(Path absolute, String mark) {
        return absolute.getParent().resolve("." + absolute.getFileName() + mark + UUID.randomUUID());
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static byte[] encodeWeights(NetworkBlock network) {
        NDManager owner = network.namedParameters().values().iterator().next().getArray().getManager();
        try (NDManager scratch = owner.newSubManager()) {
            NDList list = new NDList();
            for (Map.Entry<String, Parameter> entry : network.namedParameters().entrySet()) {
                NDArray copy = entry.getValue().getArray().duplicate();
                copy.attach(scratch);
                copy.setName(entry.getKey());
                list.add(copy);
            }
            return list.encode(NDList.Encoding.SAFETENSORS);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover hidden temporary directory is ignored by the repository
        }
    }
}
