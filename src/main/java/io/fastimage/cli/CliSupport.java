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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
