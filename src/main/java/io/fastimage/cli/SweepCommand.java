package io.fastimage.cli;

import ai.djl.Device;
import io.fastimage.image.OpenCv;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.PlaneContext;
import io.fastimage.operator.ImageOperator;
import io.fastimage.operator.NetworkVariants;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.ReferenceOperator;
import io.fastimage.operator.neural.Devices;
import io.fastimage.operator.neural.ModelRepository;
import io.fastimage.training.Evaluation;
import io.fastimage.training.TrainingPair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sweep}: how a parameterized network's parameter corresponds to the exact operator's. Mean PSNR of the
 * network at each of its values against the exact operator at each of its values, on a directory of images:
 * the best network value per exact value is the mapping to declare in model.json.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Mean PSNR of a network at each value of one of its parameters against the exact operator at each "
                + "value of one of its parameters (a table, with doing nothing beside it), to find how the two map.")
final class SweepCommand implements Callable<Integer> {

    @Option(names = "--operator", required = true, description = "operator id")
    String operatorId;

    @Option(names = "--variant", description = "network variant (default: the operator's default)")
    String variant;

    @Option(names = "--exact-parameter", required = true, description = "the exact operator's parameter, e.g. lambda")
    String exactParameter;

    @Option(names = "--exact-values", required = true, split = ",", description = "its values")
    List<String> exactValues;

    @Option(names = "--network-parameter", required = true, description = "the network's parameter (a parameter plane)")
    String networkParameter;

    @Option(names = "--network-values", required = true, split = ",", description = "its values")
    List<String> networkValues;

    @Mixin
    ImageDirectoryOptions imageOptions;

    @Mixin
    ModelRepositoryOptions modelOptions;

    @Override
    public Integer call() throws Exception {
        OpenCv.ensureLoaded();
        ReferenceOperator operator = CliSupport.referenceOperator(operatorId);
        List<String> names = new ArrayList<>();
        List<Rgb8Image> inputs = new ArrayList<>();
        for (Path file : imageOptions.files()) {
            names.add(file.getFileName().toString());
            inputs.add(imageOptions.load(file));
        }
        Device device = Devices.select("auto");
        try (ModelRepository repository = modelOptions.load(device, Set.of(operatorId))) {
            NetworkVariants.Variant chosen = CliSupport.usableVariant(repository, modelOptions.models, operatorId, variant);
            // Each network output is computed once and scored against every exact output.
            List<List<Rgb8Image>> networkOutputs = new ArrayList<>();
            for (String value : networkValues) {
                ImageOperator network = chosen.network().withParameters(Map.of(networkParameter, value));
                networkOutputs.add(inputs.stream().map(network::apply).toList());
                System.err.printf(Locale.ROOT, "network at %s=%s done%n", networkParameter, value);
            }
            StringBuilder header = new StringBuilder("| " + exactParameter + " (exact) | do nothing |");
            StringBuilder rule = new StringBuilder("|---|---|");
            for (String value : networkValues) {
                header.append(' ').append(networkParameter).append('=').append(value).append(" |");
                rule.append("---|");
            }
            System.out.println(header.append(" best ").append(networkParameter).append(" |"));
            System.out.println(rule.append("---|"));
            for (String exactValue : exactValues) {
                ParameterValues values = ParameterValues.resolve(operator.info().parameters(), Map.of(exactParameter, exactValue));
                ImageOperator exact = operator.withParameters(values);
                List<TrainingPair> pairs = new ArrayList<>();
                for (int i = 0; i < inputs.size(); i++) {
                    pairs.add(new TrainingPair(names.get(i), inputs.get(i), exact.apply(inputs.get(i)),
                            PlaneContext.whole(values.asMap(), operator.info().id())));
                }
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %.2f |", exactValue,
                        Evaluation.of(image -> image, pairs).meanPsnr()));
                double best = Double.NEGATIVE_INFINITY;
                String bestValue = null;
                for (int v = 0; v < networkValues.size(); v++) {
                    List<Rgb8Image> outputs = networkOutputs.get(v);
                    double psnr = Evaluation.of(image -> outputs.get(inputs.indexOf(image)), pairs).meanPsnr();
                    row.append(String.format(Locale.ROOT, " %.2f |", psnr));
                    if (psnr > best) {
                        best = psnr;
                        bestValue = networkValues.get(v);
                    }
                }
                System.out.println(row.append(String.format(Locale.ROOT, " %s (%.2f dB) |", bestValue, best)));
            }
        }
        return 0;
    }
}
