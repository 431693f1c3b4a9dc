package io.fastimage.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The photographs that {@code scripts/build-corpus.sh} collected: its {@code manifest.tsv} lists each file
 * (relative to the corpus directory) with its fixed split and SHA-256.
 */
public record Corpus(Path directory, List<SourcePhoto> training, List<SourcePhoto> validation) {

    public static final String MANIFEST = "manifest.tsv";

    public Corpus {
        training = List.copyOf(training);
        validation = List.copyOf(validation);
    }

    public static Corpus read(Path directory) throws IOException {
        Path manifest = directory.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new NoSuchFileException(manifest.toString(), null,
                    "no corpus manifest; build the corpus with scripts/build-corpus.sh " + directory);
        }
        List<String> lines = Files.readAllLines(manifest);
        List<String> header = Arrays.asList(lines.get(0).split("\t"));
        int file = column(header, "file", manifest);
        int split = column(header, "split", manifest);
        int sha256 = column(header, "sha256", manifest);
        List<SourcePhoto> training = new ArrayList<>();
        List<SourcePhoto> validation = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split("\t");
            SourcePhoto photo = new SourcePhoto(directory.resolve(fields[file]), fields[sha256]);
            switch (fields[split]) {
                case "train" -> training.add(photo);
                case "validation" -> validation.add(photo);
                default -> throw new IOException(manifest + ": unknown split '" + fields[split] + "' in: " + line);
            }
        }
        if (training.isEmpty() || validation.isEmpty()) {
            throw new IOException(manifest + " needs photos in both splits, has " + training.size() + " training and "
                    + validation.size() + " validation photos");
        }
        return new Corpus(directory, training, validation);
    }

    private static int column(List<String> header, String name, Path manifest) throws IOException {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new IOException(manifest + " has no column '" + name + "'");
        }
        return index;
    }
}
