package io.fastimage.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The small fixed image set that CI can always reach (the conformance photos in {@code ../shared}): each
 * model card records its PSNR there, and a test checks that the shipped model still reaches it.
 */
public final class CiSubset {

    public static final List<String> FILES = List.of("l0-smoothing-can24/input/000001.png",
            "l0-smoothing-can24/input/000002.png");
    public static final int LONG_SIDE = 512;
    /** How model.json names the measurement on this subset. */
    public static final String LABEL = "ci-subset: " + String.join(", ", FILES) + " of ../shared/conformance at "
            + LONG_SIDE + " px long side";

    private CiSubset() {
    }

    public static List<SourcePhoto> photos(Path conformanceDirectory) throws IOException {
        List<SourcePhoto> photos = new ArrayList<>();
        for (String file : FILES) {
            photos.add(SourcePhoto.of(conformanceDirectory.resolve(file)));
        }
        return photos;
    }
}
