package io.fastimage.cli;

import io.fastimage.image.OpenCv;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.ModelDirectory;
import io.fastimage.operator.ReferenceOperator;
import io.fastimage.training.ImitationLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code limits --images DIR}: how much of each operator a translation-equivariant, finite-field network can see. */
@Command(name = "limits", mixinStandardHelpOptions = true,
        description = "Measures, with the exact operators alone, three bounds on imitating them with a CAN: how much the "
                + "output depends on absolute position (shift PSNR), on content beyond the network's receptive field "
                + "(window PSNR), and how its outer 4 px differ from its output on the photo mirrored beyond its border "
                + "(mirrored-border PSNR: what a network shown the mirrored photo adds to its frame; the mirrored run's interior "
                + "PSNR beside it). Each column is the PSNR of the mean squared error over the images of a directory, so one "
                + "image without error does not make it infinite; see ImitationLimits.")
final class LimitsCommand implements Callable<Integer> {

    @Option(names = "--operators", split = ",", description = "operator ids (default: all)")
    List<String> operatorIds;

    @Mixin
    ImageDirectoryOptions imageOptions;

    @Option(names = "--shift", defaultValue = "37", description = "shift in pixels (default ${DEFAULT-VALUE})")
    int shift;

    @Option(names = "--radius", description = "receptive radius in pixels: the shift test's border margin, the "
            + "window test's half side and the mirrored margin (default: that of the operator's network in --models)")
    Integer radius;

    @Option(names = "--models", defaultValue = "models",
            description = "model repository whose networks' receptive radii are the default --radius (default ${DEFAULT-VALUE})")
    Path models;

    @Option(names = "--block-radius", defaultValue = "16",
            description = "half side of the block compared at each window's centre (default ${DEFAULT-VALUE})")
    int blockRadius;

    @Option(names = "--window-step", paramLabel = "PX",
            description = "windows start every PX pixels (default: their side, so they tile the image); the pencil "
                    + "texture's period, 256, keeps pencil drawing's strokes where the whole photo has them, so the "
                    + "window PSNR sees the missing context alone; a step below the side overlaps the windows and runs "
                    + "the operator (side / step)² times as often")
    Integer windowStep;

    @Override
    public Integer call() throws IOException {
        if (windowStep != null && windowStep < 1) {
            throw new IllegalArgumentException("--window-step must be at least 1 px, got " + windowStep);
        }
        OpenCv.ensureLoaded();
        List<ReferenceOperator> operators = CliSupport.referenceOperators(operatorIds);
        Map<String, Integer> radii = new LinkedHashMap<>();
        for (ReferenceOperator operator : operators) {
            radii.put(operator.info().id(), radius != null ? radius : receptiveRadius(operator.info().id()));
        }
        List<Rgb8Image> photos = new ArrayList<>();
        for (Path file : imageOptions.files()) {
            photos.add(imageOptions.load(file));
        }
        Set<Integer> distinct = new TreeSet<>(radii.values());
        System.out.printf(Locale.ROOT, "%d images; shift %d px, margin, window radius and mirrored margin %s px, blocks of %d px, windows %s%n%n",
                photos.size(), shift, distinct.size() == 1 ? distinct.iterator().next() : radii, 2 * blockRadius + 1,
                windowStep != null ? "every " + windowStep + " px" : "tiling the image");
        System.out.println("| operator | shift PSNR dB | window PSNR dB | mirrored-border PSNR dB | mirrored-interior PSNR dB |");
        System.out.println("|---|---|---|---|---|");
        for (ReferenceOperator operator : operators) {
            int r = radii.get(operator.info().id());
            List<ImitationLimits.Scores> perPhoto = new ArrayList<>();
            for (Rgb8Image photo : photos) {
                perPhoto.add(ImitationLimits.measure(operator::apply, photo, shift, r, blockRadius,
                        windowStep != null ? windowStep : 2 * r + 1));
            }
            ImitationLimits.Scores mean = ImitationLimits.Scores.mean(perPhoto);
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f |%n", operator.info().id(), mean.shiftPsnr(),
                    mean.windowPsnr(), mean.mirroredBorderPsnr(), mean.mirroredInteriorPsnr());
        }
        return 0;
    }

    /** How far the operator's network in {@code --models} sees, the bound this command measures against. */
    private int receptiveRadius(String operatorId) throws IOException {
        return ModelDirectory.readDescriptor(models.resolve(operatorId)).network().receptiveRadius()
                .orElseThrow(() -> new IllegalArgumentException(operatorId + "'s network sees the whole image: "
                        + "give --radius to measure a window"));
    }
}
