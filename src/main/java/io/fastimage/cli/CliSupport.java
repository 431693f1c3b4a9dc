package io.fastimage.cli;

import io.fastimage.codec.DecodeLimits;
import io.fastimage.codec.DecodedImage;
import io.fastimage.codec.ImageDecoder;
import io.fastimage.codec.ImageRejectedException;
import io.fastimage.codec.OutputFormat;
import io.fastimage.operator.NetworkVariants;
import io.fastimage.operator.ReferenceOperator;
import io.fastimage.operator.exact.ReferenceOperators;
import io.fastimage.operator.neural.ModelRepository;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** What several commands need: operator lookup and file decoding/encoding with the service's codec. */
final class CliSupport {

    /** Local files are trusted more than uploads, but a pixel bound still protects the machine. */
    static final DecodeLimits FILE_LIMITS = new DecodeLimits(1L << 31, 400_000_000L);

    private CliSupport() {
    }

    static ReferenceOperator referenceOperator(String id) {
        return ReferenceOperators.all().stream()
                .filter(op -> op.info().id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown operator '" + id + "'; known: "
                        + ReferenceOperators.all().stream().map(op -> op.info().id()).collect(Collectors.joining(", "))));
    }

    /**
     * The network variant {@code variant} of {@code operatorId} (null or {@code default}: its default) in a
     * repository loaded from {@code models}, loaded and usable.
     *
     * @throws IllegalArgumentException when {@code models} has no directory for the operator, or the variant is
     *                                  unknown (naming the known ones) or unavailable (with the reason)
     */
    static NetworkVariants.Variant usableVariant(ModelRepository repository, Path models, String operatorId,
                                                 String variant) {
        NetworkVariants.Variant chosen = repository.variants(operatorId).orElseThrow(() -> new IllegalArgumentException(
                "no model directory for " + operatorId + " in " + models)).choose(variant);
        if (chosen.network() == null) {
            throw new IllegalArgumentException("variant " + chosen.name() + " of " + operatorId + " in " + models
                    + " is unavailable: " + chosen.unavailableReason());
        }
        return chosen;
    }

    /** The operators named by {@code ids} in registry order, or all of them when {@code ids} is null. */
    static List<ReferenceOperator> referenceOperators(List<String> ids) {
        if (ids == null) {
            return ReferenceOperators.all();
        }
        ids.forEach(CliSupport::referenceOperator);
        return ReferenceOperators.all().stream().filter(op -> ids.contains(op.info().id())).toList();
    }

    /**
     * A failure as a user reads it. A file system error says what went wrong with its file, which its own message
     * often leaves out (a missing file's is the bare path).
     */
    static String describe(Throwable e) {
        if (e instanceof FileSystemException file && file.getReason() == null) {
            String what = file instanceof NoSuchFileException ? "no such file or folder"
                    : file instanceof AccessDeniedException ? "permission denied"
                    : file instanceof FileAlreadyExistsException ? "already exists"
                    : file instanceof NotDirectoryException ? "not a folder"
                    : file instanceof DirectoryNotEmptyException ? "folder not empty"
                    : file.getClass().getSimpleName();
            return file.getMessage() + ": " + what;
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * {@code --param NAME=VALUE} options by name, in the order given.
     *
     * @throws IllegalArgumentException for an option without '=' or a name given twice (which value was meant is not
     *                                  ours to guess, as the API refuses a repeated query parameter)
     */
    static Map<String, String> parametersByName(List<String> assignments) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String assignment : assignments) {
            int equals = assignment.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("--param must be NAME=VALUE, got '" + assignment + "'");
            }
            String name = assignment.substring(0, equals);
            if (byName.putIfAbsent(name, assignment.substring(equals + 1)) != null) {
                throw new IllegalArgumentException("--param " + name + " given more than once");
            }
        }
        return byName;
    }

    static OutputFormat formatOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return OutputFormat.fromName(extension)
                .orElseThrow(() -> new IllegalArgumentException("output must end in .png, .jpg, .jpeg or .webp: " + file));
    }

    /**
     * The image in {@code file}, decoded under the service's limits.
     *
     * @throws IllegalArgumentException naming the file, when the decoder rejects it
     */
    static DecodedImage decode(Path file) throws IOException {
        try {
            return new ImageDecoder(FILE_LIMITS).decode(Files.readAllBytes(file));
        } catch (ImageRejectedException e) {
            // A command reads many files: the codec's message alone would not say which one.
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}
