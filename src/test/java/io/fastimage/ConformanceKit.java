package io.fastimage;

import io.fastimage.codec.DecodeLimits;
import io.fastimage.codec.ImageDecoder;
import io.fastimage.codec.ImageEncoder;
import io.fastimage.codec.OutputFormat;
import io.fastimage.image.Resampling;
import io.fastimage.image.Rgb8Image;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared conformance kit beside the clone ({@code ../shared/conformance}): the authors' released L0 CAN24
 * checkpoint and their two MIT-Adobe test photos with published outputs. The one place tests name it, and the
 * one way they load its photos (the service's decoder, upright 8-bit RGB).
 */
public final class ConformanceKit {

    public static final Path ROOT = Path.of("..", "shared", "conformance");
    /** The L0 smoothing kit: {@code checkpoint/}, {@code input/}, {@code output/}. */
    public static final Path L0 = ROOT.resolve("l0-smoothing-can24");
    /** The authors' TensorFlow 1 checkpoint of their L0 CAN24. */
    public static final Path L0_CHECKPOINT = L0.resolve("checkpoint");
    /** 000001.png, 1080×1627, a portrait. */
    public static final Path PHOTO = L0.resolve("input").resolve("000001.png");
    /** 000002.png, 1080×1622, a street. */
    public static final Path STREET = L0.resolve("input").resolve("000002.png");

    private ConformanceKit() {
    }

    /**
     * The portrait ({@link #PHOTO}) scaled to {@code longSide} px, written as a PNG into {@code file}: a real photo for
     * commands that read image files.
     */
    public static Path writePhoto(Path file, int longSide) throws IOException {
        return Files.write(file, new ImageEncoder().encode(Resampling.toLongSide(photo(PHOTO), longSide), null,
                OutputFormat.PNG, 100));
    }

    /** {@code file} decoded as the service decodes uploads (EXIF orientation applied, alpha dropped). */
    public static Rgb8Image photo(Path file) {
        try {
            return new ImageDecoder(new DecodeLimits(1L << 30, 100_000_000L)).decode(Files.readAllBytes(file)).rgb();
        } catch (IOException e) {
            throw new UncheckedIOException("conformance kit photo " + file.toAbsolutePath()
                    + " (the shared conformance data must sit beside the clone)", e);
        }
    }
}
