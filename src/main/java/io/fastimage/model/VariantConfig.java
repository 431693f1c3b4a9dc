package io.fastimage.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code models/<operator-id>/config.json} of an operator with several network variants, in the spirit of
 * Triton's model configuration: {@code "default"} names the variant used when a request names none, and
 * {@code "shared"} maps variant names to networks under {@code models/shared/<name>/} that several operators
 * use (one set of weights on disk and in memory; a multi-task network then runs with this operator's task
 * plane on), e.g. {@code {"default": "default", "shared": {"combined": "combined-can32"}}}. Both fields are
 * optional; read strictly, like model.json.
 *
 * @param defaultVariant the default variant's name, when the file names one
 * @param shared         variant name to shared network name, in file order
 */
public record VariantConfig(Optional<String> defaultVariant, Map<String, String> shared) {

    public static final String FILE_NAME = "config.json";
    /** The repository directory of networks shared between operators ({@code models/shared/<name>/}). */
    public static final String SHARED_DIRECTORY = "shared";
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    public VariantConfig {
        shared = Map.copyOf(shared);
    }

    /**
     * What {@code file} declares.
     *
     * @throws InvalidModelException when the file is unreadable, not JSON, has other fields, or names a shared
     *                               network or variant that is not lower-case words joined by '-'
     */
    public static VariantConfig read(Path file) throws InvalidModelException {
        try {
            JsonFields root = new JsonFields(MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8)), "");
            root.onlyAllow("default", "shared");
            Optional<String> defaultVariant = root.has("default") ? Optional.of(root.string("default")) : Optional.empty();
            Map<String, String> shared = new LinkedHashMap<>();
            if (root.has("shared")) {
                JsonFields map = root.object("shared");
                for (String variant : map.node().propertyNames()) {
                    String network = map.string(variant);
                    if (!ModelDescriptor.isWellFormedOperatorId(variant) || !ModelDescriptor.isWellFormedOperatorId(network)) {
                        throw new JsonFields.Invalid(map.path(variant) + ": variant and shared network names must be "
                                + "lower-case words joined by '-'");
                    }
                    shared.put(variant, network);
                }
            }
            return new VariantConfig(defaultVariant, shared);
        } catch (IOException e) {
            throw new InvalidModelException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (JacksonException e) {
            throw new InvalidModelException(FILE_NAME + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (JsonFields.Invalid e) {
            throw new InvalidModelException(FILE_NAME + ": " + e.getMessage());
        }
    }
}
