package io.fastimage.cli;

import io.fastimage.image.OpenCv;
import io.fastimage.image.Rgb8Image;
import io.fastimage.operator.ReferenceOperator;
import io.fastimage.training.ImitationLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    @Option(names = "--radius", defaultValue = "128", description = "receptive radius in pixels: the shift test's border "
            + "margin, the window test's half side and the mirrored margin (default ${DEFAULT-VALUE}: a CAN24's, whose "
            + "view is 257 px; a CAN32's is 256)")
    int radius;

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
        if (windowStep != null) {
            requirePositive("--window-step", windowStep);
        }
        requirePositive("--shift", shift);
        requirePositive("--radius", radius);
        OpenCv.ensureLoaded();
        List<ReferenceOperator> operators = CliSupport.referenceOperators(operatorIds);
        List<Rgb8Image> photos = new ArrayList<>();
        for (Path file : imageOptions.files()) {
            photos.add(imageOptions.load(file));
        }
        System.out.printf(Locale.ROOT, "%d images; shift %d px, margin, window radius and mirrored margin %d px, blocks of %d px, windows %s%n%n",
                photos.size(), shift, radius, 2 * blockRadius + 1,
                windowStep != null ? "every " + windowStep + " px" : "tiling the image");
        System.out.println("| operator | shift PSNR dB | window PSNR dB | mirrored-border PSNR dB | mirrored-interior PSNR dB |");
        System.out.println("|---|---|---|---|---|");
        for (ReferenceOperator operator : operators) {
            List<ImitationLimits.Scores> perPhoto = new ArrayList<>();
            for (Rgb8Image photo : photos) {
                perPhoto.add(ImitationLimits.measure(operator::apply, photo, shift, radius, blockRadius,
                        windowStep != null ? windowStep : 2 * radius + 1));
            }
            ImitationLimits.Scores mean = ImitationLimits.Scores.mean(perPhoto);
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f |%n", operator.info().id(), mean.shiftPsnr(),
                    mean.windowPsnr(), mean.mirroredBorderPsnr(), mean.mirroredInteriorPsnr());
        }
        return 0;
    }

    private static void requirePositive(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be at least 1 px, got " + value);
        }
    }
}
