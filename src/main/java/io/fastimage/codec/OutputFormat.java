package io.fastimage.codec;

import java.util.Locale;
import java.util.Optional;

/** The formats the service encodes results to. */
public enum OutputFormat {
    PNG("image/png", "png", false),
    /** Lossy; cannot carry alpha, so an alpha plane is dropped (the colour is kept as stored, not blended). */
    JPEG("image/jpeg", "jpg", true),
    /** Lossy at quality 1..99 with alpha kept; quality 100 selects lossless WebP (alpha kept too). */
    WEBP("image/webp", "webp", true);

    private final String mediaType;
    private final String extension;
    private final boolean lossy;

    OutputFormat(String mediaType, String extension, boolean lossy) {
        this.mediaType = mediaType;
        this.extension = extension;
        this.lossy = lossy;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The usual file-name extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** Whether a quality setting applies. */
    public boolean lossy() {
        return lossy;
    }

    /** {@code png}, {@code jpeg}, {@code jpg} or {@code webp}, case-insensitive. */
    public static Optional<OutputFormat> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "png" -> Optional.of(PNG);
            case "jpeg", "jpg" -> Optional.of(JPEG);
            case "webp" -> Optional.of(WEBP);
            default -> Optional.empty();
        };
    }

    /** A media type such as {@code image/webp}; case and parameters ({@code ;q=0.8}) are ignored. */
    public static Optional<OutputFormat> fromMediaType(String type) {
        if (type == null) {
            return Optional.empty();
        }
        int semicolon = type.indexOf(';');
        String bare = (semicolon >= 0 ? type.substring(0, semicolon) : type).trim().toLowerCase(Locale.ROOT);
        for (OutputFormat format : values()) {
            if (format.mediaType.equals(bare)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
