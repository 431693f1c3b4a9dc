package io.fastimage.cli;

import io.fastimage.model.ModelDescriptor;
import io.fastimage.model.can.CanArchitecture;
import io.fastimage.model.can.CanSpec;
import io.fastimage.model.can.TfCheckpointImporter;
import io.fastimage.operator.OperatorInfo;
import java.io.IOException;
import io.fastimage.image.Rgb8Image;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code import-tf-checkpoint}: converts one of the authors' TensorFlow 1 CAN checkpoints into a model directory. */
@Command(name = "import-tf-checkpoint", mixinStandardHelpOptions = true,
        description = "Import a TensorFlow 1 CAN checkpoint (the authors' release) as models/<operator-id>.")
public final class ImportTfCheckpointCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "DIR",
            description = "Directory holding <prefix>.index and <prefix>.data-00000-of-00001.")
    private Path checkpoint;

    @Option(names = "--prefix", defaultValue = TfCheckpointImporter.DEFAULT_PREFIX,
            description = "Checkpoint file prefix (default: ${DEFAULT-VALUE}).")
    private String prefix;

    @Option(names = "--operator", required = true, paramLabel = "ID",
            description = "Operator id the network approximates; for a multi-task network (task planes), the name of the "
                    + "shared network (models/shared/<name>/).")
    private String operatorId;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Model directory to create (must not exist), e.g. models/<operator-id>.")
    private Path out;

    @Option(names = "--bn-epsilon", defaultValue = "0.001",
            description = "Batch-normalization epsilon the checkpoint was trained with (default: ${DEFAULT-VALUE}, TF-slim's).")
    private double batchNormEpsilon = CanArchitecture.AUTHORS_EPSILON;

    @Option(names = "--conventions", defaultValue = "authors",
            description = "authors: BGR, truncation, per-image statistics, bit for bit the released network; project: "
                    + "RGB and rounding, the same function (default: ${DEFAULT-VALUE})")
    private String conventions;

    @Option(names = "--calibration-images", paramLabel = "DIR",
            description = "with --conventions project: measure running normalization statistics on these photos, so "
                    + "the network folds and tiles exactly (default: keep per-image statistics)")
    private Path calibrationImages;

    @Option(names = "--calibration-long-side", defaultValue = "1024",
            description = "long side the calibration photos are scaled to, the serving resolution (default: ${DEFAULT-VALUE})")
    private int calibrationLongSide;

    @Option(names = "--plane", paramLabel = "PLANE",
            description = "an input plane after the colour, in checkpoint order (repeat): task:<operator-id> (one-hot "
                    + "task plane), procedural:pencil-texture, or parameter:<name>:<min>:<max>:<linear|log>:<plane at min>:"
                    + "<plane at max>:<default>; or the preset authors-combined (the ten task planes of the authors' "
                    + "combined CAN32 in their order). Default: colour only")
    private List<String> planes = new ArrayList<>();

    @Option(names = "--symmetric-padding", defaultValue = "0", paramLabel = "PX",
            description = "run the imported network on the photo mirrored this many px beyond its border "
                    + "(0.." + CanArchitecture.MAX_SYMMETRIC_PADDING + "; the shipped CANs use 8; default: ${DEFAULT-VALUE}, "
                    + "the authors' convention)")
    private int symmetricPadding;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outWriter = spec.commandLine().getOut();
        if (!OperatorInfo.isWellFormedId(operatorId)) {
            err.println("error: --operator '" + operatorId + "' must be lower-case words joined by '-'");
            return 2;
        }
        try {
            CanArchitecture.checkSymmetricPadding(symmetricPadding, "--symmetric-padding");
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        boolean multiTask = planes.stream().anyMatch(p -> p.equals("authors-combined") || p.startsWith("task:"));
        try {
            // A network for several operators goes to models/shared/<name>/ under a name of its own; any other
            // must be an operator's, since the service would refuse a model of an operator it does not have.
            if (!multiTask) {
                CliSupport.referenceOperator(operatorId);
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        String command = "java -jar target/fastimage.jar "
                + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        try {
            TfCheckpointImporter.Conversion conversion = switch (conventions) {
                case "authors" -> {
                    if (calibrationImages != null) {
                        throw new IllegalArgumentException("--calibration-images needs --conventions project");
                    }
                    yield TfCheckpointImporter.Conversion.AUTHORS;
                }
                case "project" -> TfCheckpointImporter.Conversion.project(calibration());
                default -> throw new IllegalArgumentException("--conventions must be authors or project, got '"
                        + conventions + "'");
            };
            conversion = conversion.withInputs(PlaneSpecs.parse(planes, "--plane")).withSymmetricPadding(symmetricPadding);
            ModelDescriptor descriptor = TfCheckpointImporter.importCheckpoint(checkpoint, prefix, operatorId, out,
                    batchNormEpsilon, conversion, TfCheckpointImporter.AUTHORS_RELEASE, command);
            CanSpec can = (CanSpec) descriptor.network();
            CanArchitecture a = can.architecture();
            outWriter.printf("imported CAN%d (%d layers, dilations %s, %,d trainable parameters; inputs %s; %s, %s statistics%s) into %s%n",
                    a.width(), a.layers(), a.dilations(), a.trainableParameterCount(), a.inputs().summary(),
                    descriptor.channelOrder(), can.statistics().jsonName(),
                    a.symmetricPadding() > 0 ? "; photo mirrored " + a.symmetricPadding() + " px beyond its border" : "", out);
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("error: " + CliSupport.describe(e));
            return 1;
        }
    }

    private List<Rgb8Image> calibration() throws IOException {
        if (calibrationImages == null) {
            return List.of();
        }
        ImageDirectoryOptions photos = new ImageDirectoryOptions();
        photos.images = calibrationImages;
        photos.longSide = calibrationLongSide;
        List<Rgb8Image> images = new ArrayList<>();
        for (Path file : photos.files()) {
            images.add(photos.load(file));
        }
        return images;
    }
}
