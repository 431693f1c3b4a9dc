package io.fastimage.web;

import io.fastimage.ConformanceKit;
import io.fastimage.codec.ImageEncoder;
import io.fastimage.codec.OutputFormat;
import io.fastimage.image.Resampling;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.InputPlane;
import io.fastimage.model.InputPlanes;
import io.fastimage.model.can.TfCheckpointImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Real photos for API and page tests: the conformance kit's MIT-Adobe photo, scaled down. */
final class TestPhotos {

    private TestPhotos() {
    }

    static Rgb8Image photo(int width, int height) {
        return Resampling.resize(ConformanceKit.photo(ConformanceKit.PHOTO), width, height);
    }

    static byte[] encode(Rgb8Image image, OutputFormat format) {
        return new ImageEncoder().encode(image, null, format, 92);
    }

    static Path writeJpeg(Path file, int width, int height) throws IOException {
        return Files.write(file, encode(photo(width, height), OutputFormat.JPEG));
    }

    /** An empty model repository: every operator serves its exact mode only. */
    static String emptyModels() {
        try {
            return Files.createTempDirectory("no-models").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A model repository holding the authors' released L0 network, imported from the conformance kit, and
     * beside it their parameterized L0 CAN32 as variant {@code parameterized}, its plane declared as parameter
     * {@code lambda} over [0.002, 0.2] (log scale: a range wide enough that its ends give visibly different
     * results).
     */
    static Path modelsWithAuthorsL0AndParameterizedL0() {
        try {
            Path root = modelsWithAuthorsL0();
            TfCheckpointImporter.importCheckpoint(Path.of("..", "shared", "pretrained", "parameterized-l0-can32"),
                    TfCheckpointImporter.DEFAULT_PREFIX, "l0-smoothing", root.resolve("l0-smoothing/parameterized"), 1e-3,
                    TfCheckpointImporter.Conversion.project(List.of()).withInputs(new InputPlanes(List.of(
                            new InputPlane.Parameter("lambda", 0.002, 0.2, InputPlane.Scale.LOG, 0.01, 1.0, 0.01)))),
                    TfCheckpointImporter.AUTHORS_RELEASE, "test");
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A model repository holding the authors' released L0 network, imported from the conformance kit. */
    static Path modelsWithAuthorsL0() {
        try {
            Path root = Files.createTempDirectory("models");
            TfCheckpointImporter.importCheckpoint(ConformanceKit.L0_CHECKPOINT,
                    TfCheckpointImporter.DEFAULT_PREFIX, "l0-smoothing", root.resolve("l0-smoothing"), 1e-3,
                    TfCheckpointImporter.Conversion.AUTHORS, TfCheckpointImporter.AUTHORS_RELEASE, "test");
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
