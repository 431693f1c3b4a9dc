package io.fastimage.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** A photograph on disk and the SHA-256 of its bytes, which keys everything cached from it. */
public record SourcePhoto(Path file, String sha256) {

    public SourcePhoto {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** Reads {@code file} once to hash it. */
    public static SourcePhoto of(Path file) throws IOException {
        return new SourcePhoto(file, sha256(Files.readAllBytes(file)));
    }

    public String name() {
        return file.getFileName().toString();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
