package io.fastimage.cli;

import io.fastimage.image.Resampling;
import io.fastimage.image.Rgb8Image;
import io.fastimage.training.Evaluation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/** {@code --images DIR [--long-side N]}: the photos a command measures on, for {@code evaluate} and {@code limits}. */
final class ImageDirectoryOptions {

    @Option(names = "--images", required = true, description = "directory of .png, .jpg, .jpeg or .webp images")
    Path images;

    /** The smallest long side scores are measured at: the 4 px border band needs an interior beside it. */
    static final int MIN_LONG_SIDE = 16;

    @Option(names = "--long-side", description = "scale each image to this long side first (default: as it is)")
    Integer longSide;

    /**
     * The image files of the directory, sorted by name; at least one.
     *
     * @throws IllegalArgumentException when the directory does not exist or holds none, or {@code --long-side}
     *                                  is below {@value #MIN_LONG_SIDE} px
     */
    List<Path> files() throws IOException {
        if (!Files.isDirectory(images)) {
            throw new IllegalArgumentException("--images " + images + " is not a directory");
        }
        if (longSide != null && longSide < MIN_LONG_SIDE) {
            throw new IllegalArgumentException("--long-side must be at least " + MIN_LONG_SIDE + " px (the border "
                    + "measurement needs an interior), got " + longSide);
        }
        try (Stream<Path> files = Files.list(images)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT)
                    .matches(".*\\.(png|jpe?g|webp)")).sorted().toList();
            if (found.isEmpty()) {
                throw new IllegalArgumentException("no .png, .jpg, .jpeg or .webp files in " + images);
            }
            return found;
        }
    }

    /** The image in {@code file}, scaled to {@code --long-side} when given. */
    Rgb8Image load(Path file) throws IOException {
        Rgb8Image image = CliSupport.decode(file).rgb();
        return longSide == null ? image : Resampling.toLongSide(image, longSide);
    }

    /**
     * As {@link #load}, for a command that scores the image: called before its exact operator runs.
     *
     * @throws IllegalArgumentException naming the file and {@code command} when a side is too short for the
     *                                  {@value Evaluation#BORDER_BAND} px border band and an interior beside it
     */
    Rgb8Image loadScorable(Path file, String command) throws IOException {
        Rgb8Image image = load(file);
        int smallest = 2 * Evaluation.BORDER_BAND + 1;
        if (image.width() < smallest || image.height() < smallest) {
            throw new IllegalArgumentException(file + " is " + image.width() + "x" + image.height() + ": " + command
                    + " needs at least " + smallest + " px on each side");
        }
        return image;
    }
}
