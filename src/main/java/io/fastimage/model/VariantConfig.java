package io.fastimage.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code models/<operator-id>/config.json} of an operator with several network variants, in the spirit of
 * Triton's model configuration: {@code {"default": "<variant>"}} names the variant used when a request
 * names none. Read strictly, like model.json.
 */
public final class VariantConfig {

    public static final String FILE_NAME = "config.json";
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private VariantConfig() {
    }

    /**
     * The default variant's name that {@code file} declares.
     *
     * @throws InvalidModelException when the file is unreadable, not JSON, or has other fields
     */
    public static String readDefault(Path file) throws InvalidModelException {
        try {
            JsonFields root = new JsonFields(MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8)), "");
            root.onlyAllow("default");
            return root.string("default");
        } catch (IOException e) {
            throw new InvalidModelException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (JacksonException e) {
            throw new InvalidModelException(FILE_NAME + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (JsonFields.Invalid e) {
            throw new InvalidModelException(FILE_NAME + ": " + e.getMessage());
        }
    }
}
