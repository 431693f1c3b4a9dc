package io.fastimage.model.can;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Reads a TensorFlow 1 checkpoint bundle ({@code PREFIX.index} + {@code PREFIX.data-NNNNN-of-MMMMM})
 * without TensorFlow. The index is a LevelDB table whose entries map tensor names to
 * {@code BundleEntryProto} records; the data files hold raw little-endian tensors. Every block of the
 * index and every tensor read is checked against its masked CRC32C.
 */
public final class TfCheckpointReader implements CheckpointTensors {

    private static final long TABLE_MAGIC = 0xdb4775248b80fb57L;
    private static final int FOOTER_LENGTH = 48;
    private static final int BLOCK_TRAILER_LENGTH = 5;
    private static final int CRC_MASK_DELTA = 0xa282ead8;
    private static final int DT_FLOAT = 1;

    /** One {@code BundleEntryProto}: where a tensor lives and its checksum. */
    public record TensorEntry(String name, int dataType, long[] shape, int shard, long offset, long size,
                              int maskedCrc32c) {
    }

    private final Path indexFile;
    private final List<Path> dataFiles;
    private final Map<String, TensorEntry> entries;

    private TfCheckpointReader(Path indexFile, List<Path> dataFiles, Map<String, TensorEntry> entries) {
        this.indexFile = indexFile;
        this.dataFiles = dataFiles;
        this.entries = entries;
    }

    /** Opens {@code directory/prefix.index} and checks that its data files exist. */
    public static TfCheckpointReader open(Path directory, String prefix) throws IOException {
        Path index = directory.resolve(prefix + ".index");
        if (!Files.isRegularFile(index)) {
            throw new CheckpointFormatException("no checkpoint index " + index);
        }
        byte[] table = Files.readAllBytes(index);
        Map<String, TensorEntry> entries = new TreeMap<>();
        int shards = -1;
        for (Map.Entry<String, byte[]> kv : readTable(index, table).entrySet()) {
            if (kv.getKey().isEmpty()) {
                shards = parseHeader(index, kv.getValue());
            } else {
                entries.put(kv.getKey(), parseEntry(index, kv.getKey(), kv.getValue()));
            }
        }
        if (shards < 1) {
            throw new CheckpointFormatException(index + " has no bundle header (the entry with the empty key)");
        }
        List<Path> dataFiles = new ArrayList<>();
        for (int shard = 0; shard < shards; shard++) {
            Path data = directory.resolve(String.format("%s.data-%05d-of-%05d", prefix, shard, shards));
            if (!Files.isRegularFile(data)) {
                throw new CheckpointFormatException("missing checkpoint data file " + data);
            }
            dataFiles.add(data);
        }
        for (TensorEntry entry : entries.values()) {
            if (entry.shard() >= shards) {
                throw new CheckpointFormatException("tensor '" + entry.name() + "' names shard " + entry.shard()
                        + " but the bundle has " + shards);
            }
        }
        return new TfCheckpointReader(index, List.copyOf(dataFiles), Collections.unmodifiableMap(entries));
    }

    @Override
    public Set<String> names() {
        return entries.keySet();
    }

    public Optional<TensorEntry> entry(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    @Override
    public Optional<FloatTensor> read(String name) throws IOException {
        TensorEntry entry = entries.get(name);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.dataType() != DT_FLOAT) {
            throw new CheckpointFormatException("tensor '" + name + "' has data type " + entry.dataType()
                    + ", only float32 (1) is supported");
        }
        long count = Arrays.stream(entry.shape()).reduce(1, Math::multiplyExact);
        if (entry.size() != count * Float.BYTES || count > Integer.MAX_VALUE) {
            throw new CheckpointFormatException("tensor '" + name + "' has shape " + Arrays.toString(entry.shape())
                    + " but " + entry.size() + " bytes");
        }
        Path data = dataFiles.get(entry.shard());
        ByteBuffer bytes = ByteBuffer.allocate((int) entry.size());
        try (FileChannel channel = FileChannel.open(data, StandardOpenOption.READ)) {
            if (entry.offset() + entry.size() > channel.size()) {
                throw new CheckpointFormatException("tensor '" + name + "' lies beyond the end of " + data.getFileName()
                        + " (truncated data file?)");
            }
            while (bytes.hasRemaining()) {
                if (channel.read(bytes, entry.offset() + bytes.position()) < 0) {
                    throw new CheckpointFormatException("unexpected end of " + data.getFileName() + " in tensor '" + name + "'");
                }
            }
        }
        byte[] raw = bytes.array();
        if (maskedCrc32c(raw, 0, raw.length) != entry.maskedCrc32c()) {
            throw new CheckpointFormatException("CRC32C mismatch in tensor '" + name + "' of " + data.getFileName()
                    + ": the data file is corrupt");
        }
        float[] values = new float[(int) count];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return Optional.of(new FloatTensor(entry.shape(), values));
    }

    @Override
    public String toString() {
        return "TfCheckpointReader[" + indexFile + ", " + entries.size() + " tensors]";
    }

    static int maskedCrc32c(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + CRC_MASK_DELTA;
    }

    // ---- LevelDB table ----

    private static Map<String, byte[]> readTable(Path file, byte[] table) throws CheckpointFormatException {
        if (table.length < FOOTER_LENGTH) {
            throw new CheckpointFormatException(file.getFileName() + " is only " + table.length
                    + " bytes, shorter than a table footer: truncated?");
        }
        ByteBuffer footer = ByteBuffer.wrap(table, table.length - FOOTER_LENGTH, FOOTER_LENGTH)
                .order(ByteOrder.LITTLE_ENDIAN);
        long magic = ByteBuffer.wrap(table, table.length - 8, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (magic != TABLE_MAGIC) {
            throw new CheckpointFormatException(file.getFileName()
                    + " does not end with the table magic number: truncated or not a checkpoint index");
        }
        Cursor cursor = new Cursor(file, table, footer.position(), table.length - 8);
        cursor.varint(); // metaindex handle: unused by checkpoints
        cursor.varint();
        long indexOffset = cursor.varint();
        long indexSize = cursor.varint();
        Map<String, byte[]> result = new TreeMap<>();
        for (byte[] handle : blockEntries(file, table, indexOffset, indexSize, "index block").values()) {
            Cursor h = new Cursor(file, handle, 0, handle.length);
            long offset = h.varint();
            long size = h.varint();
            result.putAll(blockEntries(file, table, offset, size, "data block at " + offset));
        }
        return result;
    }

    /** The key/value pairs of one block, after checking its bounds and trailer CRC. */
    private static Map<String, byte[]> blockEntries(Path file, byte[] table, long offset, long size, String what)
            throws CheckpointFormatException {
        if (offset < 0 || size < 4 || offset + size + BLOCK_TRAILER_LENGTH > table.length - FOOTER_LENGTH) {
            throw new CheckpointFormatException(file.getFileName() + ": " + what + " (offset " + offset + ", size "
                    + size + ") lies outside the file: truncated?");
        }
        int start = (int) offset;
        int end = (int) (offset + size);
        if (table[end] != 0) {
            throw new CheckpointFormatException(file.getFileName() + ": " + what + " uses compression type "
                    + table[end] + ", only uncompressed blocks are supported");
        }
        int stored = ByteBuffer.wrap(table, end + 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (maskedCrc32c(table, start, (int) size + 1) != stored) {
            throw new CheckpointFormatException(file.getFileName() + ": CRC32C mismatch in " + what
                    + ": the index file is corrupt");
        }
        ByteBuffer block = ByteBuffer.wrap(table, start, (int) size).order(ByteOrder.LITTLE_ENDIAN);
        int restarts = block.getInt(end - 4);
        long entriesEnd = (long) end - 4 - 4L * restarts;
        if (restarts < 0 || entriesEnd < start) {
            throw new CheckpointFormatException(file.getFileName() + ": " + what + " has a bad restart count");
        }
        Map<String, byte[]> entries = new TreeMap<>();
        Cursor cursor = new Cursor(file, table, start, (int) entriesEnd);
        byte[] key = new byte[0];
        while (cursor.hasMore()) {
            int shared = cursor.length();
            int unshared = cursor.length();
            int valueLength = cursor.length();
            if (shared > key.length) {
                throw new CheckpointFormatException(file.getFileName() + ": " + what + " has a malformed entry");
            }
            byte[] next = Arrays.copyOf(key, shared + unshared);
            cursor.bytes(next, shared, unshared);
            key = next;
            byte[] value = new byte[valueLength];
            cursor.bytes(value, 0, valueLength);
            entries.put(new String(key, StandardCharsets.UTF_8), value);
        }
        return entries;
    }

    // ---- protocol buffers (only the few fields a bundle uses) ----

    private static int parseHeader(Path file, byte[] value) throws CheckpointFormatException {
        Cursor cursor = new Cursor(file, value, 0, value.length);
        int shards = 1;
        while (cursor.hasMore()) {
            long tag = cursor.varint();
            int field = (int) (tag >>> 3);
            if (field == 1 && (tag & 7) == 0) {
                shards = (int) cursor.varint();
            } else if (field == 2 && (tag & 7) == 0) {
                if (cursor.varint() != 0) {
                    throw new CheckpointFormatException(file.getFileName() + ": only little-endian bundles are supported");
                }
            } else {
                cursor.skip((int) (tag & 7));
            }
        }
        return shards;
    }

    private static TensorEntry parseEntry(Path file, String name, byte[] value) throws CheckpointFormatException {
        Cursor cursor = new Cursor(file, value, 0, value.length);
        int dataType = 0;
        List<Long> dims = new ArrayList<>();
        int shard = 0;
        long offset = 0;
        long size = 0;
        Integer crc = null;
        while (cursor.hasMore()) {
            long tag = cursor.varint();
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            switch (field) {
                case 1 -> dataType = (int) cursor.varint();
                case 2 -> {
                    Cursor shape = cursor.message();
                    while (shape.hasMore()) {
                        long shapeTag = shape.varint();
                        if ((shapeTag >>> 3) == 2 && (shapeTag & 7) == 2) {
                            Cursor dim = shape.message();
                            long dimSize = 0;
                            while (dim.hasMore()) {
                                long dimTag = dim.varint();
                                if ((dimTag >>> 3) == 1 && (dimTag & 7) == 0) {
                                    dimSize = dim.varint();
                                } else {
                                    dim.skip((int) (dimTag & 7));
                                }
                            }
                            dims.add(dimSize);
                        } else {
                            shape.skip((int) (shapeTag & 7));
                        }
                    }
                }
                case 3 -> shard = (int) cursor.varint();
                case 4 -> offset = cursor.varint();
                case 5 -> size = cursor.varint();
                case 6 -> {
                    if (wire != 5) {
                        throw new CheckpointFormatException(file.getFileName() + ": entry '" + name + "' has a malformed checksum");
                    }
                    crc = cursor.fixed32();
                }
                default -> cursor.skip(wire);
            }
        }
        if (crc == null) {
            throw new CheckpointFormatException(file.getFileName() + ": tensor '" + name + "' has no checksum");
        }
        return new TensorEntry(name, dataType, dims.stream().mapToLong(Long::longValue).toArray(), shard, offset, size, crc);
    }

    /** Reads varints and raw bytes from {@code [position, end)} of an array, failing clearly past the end. */
    private static final class Cursor {
        private final Path file;
        private final byte[] bytes;
        private int position;
        private final int end;

        Cursor(Path file, byte[] bytes, int position, int end) {
            this.file = file;
            this.bytes = bytes;
            this.position = position;
            this.end = end;
        }

        boolean hasMore() {
            return position < end;
        }

        long varint() throws CheckpointFormatException {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= end) {
                    throw truncated();
                }
                byte b = bytes[position++];
                result |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return result;
                }
            }
            throw new CheckpointFormatException(file.getFileName() + ": malformed varint");
        }

        int length() throws CheckpointFormatException {
            long value = varint();
            if (value < 0 || value > end - position) {
                throw truncated();
            }
            return (int) value;
        }

        int fixed32() throws CheckpointFormatException {
            if (end - position < 4) {
                throw truncated();
            }
            int value = ByteBuffer.wrap(bytes, position, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            position += 4;
            return value;
        }

        void bytes(byte[] target, int targetOffset, int count) throws CheckpointFormatException {
            if (count > end - position) {
                throw truncated();
            }
            System.arraycopy(bytes, position, target, targetOffset, count);
            position += count;
        }

        Cursor message() throws CheckpointFormatException {
            int length = length();
            Cursor inner = new Cursor(file, bytes, position, position + length);
            position += length;
            return inner;
        }

        void skip(int wireType) throws CheckpointFormatException {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> advance(8);
                case 2 -> advance(length());
                case 5 -> advance(4);
                default -> throw new CheckpointFormatException(file.getFileName() + ": unsupported protobuf wire type " + wireType);
            }
        }

        private void advance(int count) throws CheckpointFormatException {
            if (count > end - position) {
                throw truncated();
            }
            position += count;
        }

        private CheckpointFormatException truncated() {
            return new CheckpointFormatException(file.getFileName() + ": record ends unexpectedly (truncated or corrupt)");
        }
    }
}
