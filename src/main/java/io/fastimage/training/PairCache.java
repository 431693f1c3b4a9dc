package io.fastimage.training;

import io.fastimage.codec.DecodeLimits;
import io.fastimage.codec.ImageDecoder;
import io.fastimage.codec.ImageEncoder;
import io.fastimage.codec.ImageRejectedException;
import io.fastimage.codec.OutputFormat;
import io.fastimage.image.Resampling;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.PlaneContext;
import io.fastimage.operator.ParameterSpec;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.ReferenceOperator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Training pairs on disk, named by content: an input is a photo scaled to a long side (keyed by the
 * photo's SHA-256 and that side), a target is a reference operator's result on that input at that
 * resolution (keyed by the input's key, the operator id and all its parameter values, defaults included). Files are lossless PNG,
 * written under a temporary name and moved into place, so an interrupted run leaves only whole files
 * and the next run resumes where it stopped; concurrent writers of one key write the same bytes.
 */
public final class PairCache {

    /** Bumped when scaling or a reference operator changes what a key stands for. */
    static final int FORMAT = 1;
    private static final DecodeLimits PHOTO_LIMITS = new DecodeLimits(1L << 30, 200_000_000L);

    private final Path root;
    private final ImageDecoder decoder = new ImageDecoder(PHOTO_LIMITS);
    private final ImageEncoder encoder = new ImageEncoder();

    public PairCache(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /**
     * The pair of {@code photo} scaled to {@code longSide} pixels, with the operator's default parameters,
     * computing what is not cached yet.
     */
    public TrainingPair pair(SourcePhoto photo, int longSide, ReferenceOperator operator) throws IOException {
        return pair(photo, longSide, operator, ParameterValues.defaults(operator.info().parameters()));
    }

    /**
     * The pair of {@code photo} scaled to {@code longSide} pixels with the operator run at {@code parameters}
     * (its conditions), computing what is not cached yet; named {@code photo@side}, or
     * {@code photo@side name=value} for each parameter away from its default.
     */
    public TrainingPair pair(SourcePhoto photo, int longSide, ReferenceOperator operator, ParameterValues parameters)
            throws IOException {
        Rgb8Image input = input(photo, longSide);
        Path file = targetFile(photo, longSide, operator, parameters);
        Rgb8Image target = Files.exists(file) ? read(file) : writeAtomically(file, operator.withParameters(parameters).apply(input));
        StringBuilder name = new StringBuilder(photo.name() + "@" + longSide);
        ParameterValues defaults = ParameterValues.defaults(operator.info().parameters());
        parameters.asMap().forEach((parameter, value) -> {
            if (value.doubleValue() != defaults.get(parameter)) {
                name.append(' ').append(parameter).append('=').append(ParameterSpec.format(value));
            }
        });
        return new TrainingPair(name.toString(), input, target,
                PlaneContext.whole(parameters.asMap(), operator.info().id()));
    }

    public boolean hasPair(SourcePhoto photo, int longSide, ReferenceOperator operator) {
        return Files.exists(targetFile(photo, longSide, operator, ParameterValues.defaults(operator.info().parameters())));
    }

    /** {@code photo} scaled (area averaging) so that its longer side is {@code longSide} pixels. */
    public Rgb8Image input(SourcePhoto photo, int longSide) throws IOException {
        Path file = root.resolve("inputs").resolve(inputKey(photo, longSide) + ".png");
        if (Files.exists(file)) {
            return read(file);
        }
        Rgb8Image full;
        try {
            full = decoder.decode(Files.readAllBytes(photo.file())).rgb();
        } catch (ImageRejectedException e) {
            throw new IOException(photo.file() + ": " + e.getMessage(), e);
        }
        return writeAtomically(file, Resampling.toLongSide(full, longSide));
    }

    private Path targetFile(SourcePhoto photo, int longSide, ReferenceOperator operator, ParameterValues parameters) {
        String id = operator.info().id();
        String key = SourcePhoto.sha256((inputKey(photo, longSide) + "|" + id + "|" + parameters)
                .getBytes(StandardCharsets.UTF_8));
        return root.resolve(id).resolve(key + ".png");
    }

    private static String inputKey(SourcePhoto photo, int longSide) {
        return SourcePhoto.sha256(("v" + FORMAT + "|" + photo.sha256() + "|" + longSide).getBytes(StandardCharsets.UTF_8));
    }

    private Rgb8Image read(Path file) throws IOException {
        try {
            return decoder.decode(Files.readAllBytes(file)).rgb();
        } catch (ImageRejectedException e) {
            throw new IOException("unreadable cache file " + file + " (delete it to recompute): " + e.getMessage(), e);
        }
    }

    private Rgb8Image writeAtomically(Path file, Rgb8Image image) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID());
        try {
            Files.write(temporary, encoder.encode(image, null, OutputFormat.PNG, 100));
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return image;
    }
}
