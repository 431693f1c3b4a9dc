package io.fastimage.cli;

import ai.djl.Device;
import io.fastimage.image.OpenCv;
import io.fastimage.image.Rgb8Image;
import io.fastimage.operator.ReferenceOperator;
import io.fastimage.operator.neural.Devices;
import io.fastimage.operator.neural.ModelRepository;
import io.fastimage.operator.Network;
import io.fastimage.operator.NetworkVariants;
import io.fastimage.operator.SelfEnsemble;
import io.fastimage.training.Evaluation;
import io.fastimage.training.TrainingPair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code evaluate --operator ID --images DIR}: the model against the exact operator, image by image. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "PSNR and SSIM of an operator's network against its exact reference operator on every image in a "
                + "directory, at the images' own resolution (or scaled to --long-side), per image and mean, beside those "
                + "of doing nothing (the unchanged input) and the gain over it.")
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--operator", required = true, description = "operator id")
    String operatorId;

    @Option(names = "--variant", description = "network variant (default: the operator's default)")
    String variant;

    @Option(names = "--ensemble", defaultValue = "1", description = "average the network over 1, 2, 4 or 8 flips and "
            + "turns of each photo (geometric self-ensemble, as the API's ensemble); default ${DEFAULT-VALUE}")
    int ensemble;

    @Mixin
    ImageDirectoryOptions imageOptions;

    @Mixin
    ModelRepositoryOptions modelOptions;

    @Override
    public Integer call() throws IOException {
        OpenCv.ensureLoaded();
        ReferenceOperator operator = CliSupport.referenceOperator(operatorId);
        SelfEnsemble.requireSize(ensemble);
        modelOptions.requireKnownVariant(operatorId, variant);
        List<Path> files = imageOptions.files(); // before the model loads: a wrong folder is told at once
        Device device = Devices.select("auto");
        try (ModelRepository repository = modelOptions.load(device, Set.of(operatorId))) {
            NetworkVariants.Variant chosen = CliSupport.usableVariant(repository, modelOptions.models, operatorId, variant);
            Network model = SelfEnsemble.of(chosen.network(), ensemble);
            System.out.printf(Locale.ROOT, "%s, variant %s: %s%n%n", operatorId, chosen.name(),
                    model.implementation().network());
            List<TrainingPair> pairs = new ArrayList<>();
            for (Path file : files) {
                // Checked before its exact operator runs: the frame needs a border band and an interior.
                Rgb8Image input = imageOptions.loadScorable(file, "evaluate");
                pairs.add(new TrainingPair(file.getFileName().toString(), input, operator.apply(input), operatorId));
            }
            Evaluation network = Evaluation.of(model::apply, pairs);
            // Doing nothing (the input as the answer) is the baseline a network must clear by a wide margin.
            Evaluation unchanged = Evaluation.of(image -> image, pairs);
            // Doing nothing has a border/interior ratio too: where the operator changes a photo's outer band more than
            // its interior, a network whose error follows the change shows that ratio without any border defect.
            System.out.println("| image | size | network PSNR dB | network SSIM | do-nothing PSNR dB | do-nothing SSIM | gain dB "
                    + "| border/interior error | do-nothing border/interior error |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            for (int i = 0; i < pairs.size(); i++) {
                Evaluation.ImageScore score = network.images().get(i);
                Evaluation.ImageScore baseline = unchanged.images().get(i);
                System.out.printf(Locale.ROOT, "| %s | %dx%d | %.2f | %.4f | %.2f | %.4f | %+.2f | %.2f | %.2f |%n",
                        score.name(), score.width(), score.height(), score.psnr(), score.ssim(), baseline.psnr(),
                        baseline.ssim(), score.psnr() - baseline.psnr(), score.borderErrorRatio(),
                        baseline.borderErrorRatio());
            }
            System.out.printf(Locale.ROOT, "| **mean of %d** | | **%.2f** | **%.4f** | **%.2f** | **%.4f** | **%+.2f** | worst %.2f "
                    + "| worst %.2f |%n", pairs.size(), network.meanPsnr(), network.meanSsim(), unchanged.meanPsnr(),
                    unchanged.meanSsim(), network.meanPsnr() - unchanged.meanPsnr(), network.worstBorderErrorRatio(),
                    unchanged.worstBorderErrorRatio());
        }
        return 0;
    }
}
