package io.fastimage.cli;

import io.fastimage.image.OpenCv;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.guided.GuidedFilterOracle;
import io.fastimage.model.guided.GuidedFilterSpec;
import io.fastimage.operator.ReferenceOperator;
import io.fastimage.training.Evaluation;
import io.fastimage.training.TrainingPair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code guided-oracle --images DIR --short-sides N[,N...]}: how much of each operator the guided filtering layer keeps. */
@Command(name = "guided-oracle", mixinStandardHelpOptions = true,
        description = "PSNR, SSIM and frame, against the exact operator, of the deep guided filter network's layer run "
                + "with an oracle for its low-resolution CAN (the exact result's own low-resolution copy) and the photo as "
                + "its guide: what the layer keeps of each operator when the CAN makes no error (an indication, not a "
                + "strict bound; see GuidedFilterOracle). Per operator, the mean over the images as evaluate gives it, "
                + "beside doing nothing.")
final class GuidedOracleCommand implements Callable<Integer> {

    @Option(names = "--operators", split = ",", description = "operator ids (default: all)")
    List<String> operatorIds;

    @Mixin
    ImageDirectoryOptions imageOptions;

    @Option(names = "--short-sides", required = true, split = ",", paramLabel = "PX",
            description = "short sides of the low-resolution copy, each a row (the shipped guided networks: 256 or 512)")
    List<Integer> shortSides;

    @Mixin
    GuidedFilterLayerOptions guidedFilterLayer;

    @Override
    public Integer call() throws IOException {
        // Every copy size is checked before any photo is read.
        shortSides.forEach(side -> GuidedFilterSpec.requireLayer(side, guidedFilterLayer.radius(), guidedFilterLayer.epsilon()));
        OpenCv.ensureLoaded();
        List<ReferenceOperator> operators = CliSupport.referenceOperators(operatorIds);
        List<Path> files = imageOptions.files();
        List<Rgb8Image> photos = new ArrayList<>();
        for (Path file : files) {
            photos.add(imageOptions.loadScorable(file, "guided-oracle"));
        }
        System.out.printf(Locale.ROOT, "%d images; radius %d, epsilon %s; guide = the photo%n%n", photos.size(),
                guidedFilterLayer.radius(), guidedFilterLayer.epsilon());
        System.out.println("| operator | short side px | oracle PSNR dB | oracle SSIM | frame (worst photo) | per photo dB "
                + "| do-nothing PSNR dB |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (ReferenceOperator operator : operators) {
            String id = operator.info().id();
            List<TrainingPair> pairs = new ArrayList<>();
            for (int i = 0; i < photos.size(); i++) {
                Rgb8Image photo = photos.get(i);
                pairs.add(new TrainingPair(files.get(i).getFileName().toString(), photo, operator.apply(photo), id));
            }
            double unchanged = Evaluation.of(image -> image, pairs).meanPsnr();
            for (int side : shortSides) {
                Evaluation oracle = Evaluation.ofPairs(
                        pair -> GuidedFilterOracle.apply(pair.input(), pair.target(), side,
                                guidedFilterLayer.radius(), guidedFilterLayer.epsilon()), pairs);
                double lowest = oracle.images().stream().mapToDouble(Evaluation.ImageScore::psnr).min().orElseThrow();
                double highest = oracle.images().stream().mapToDouble(Evaluation.ImageScore::psnr).max().orElseThrow();
                // A photo whose short side is not longer is its own copy, as a guided network serves it.
                long unshrunk = photos.stream().filter(photo -> Math.min(photo.width(), photo.height()) <= side).count();
                System.out.printf(Locale.ROOT, "| %s | %d%s | %.2f | %.4f | %.2f | %.2f–%.2f | %.2f |%n", id, side,
                        unshrunk == 0 ? "" : " (" + unshrunk + " not shrunk)", oracle.meanPsnr(), oracle.meanSsim(),
                        oracle.worstBorderErrorRatio(), lowest, highest, unchanged);
            }
        }
        return 0;
    }
}
