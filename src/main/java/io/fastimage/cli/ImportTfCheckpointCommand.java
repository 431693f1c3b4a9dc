package io.fastimage.cli;

import io.fastimage.model.CanArchitecture;
import io.fastimage.model.ModelDescriptor;
import io.fastimage.model.TfCheckpointImporter;
import io.fastimage.operator.OperatorInfo;
import java.io.IOException;
import java.io.PrintWriter;
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

    @Option(names = "--operator", required = true, paramLabel = "ID", description = "Operator id the network approximates.")
    private String operatorId;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Model directory to create (must not exist), e.g. models/<operator-id>.")
    private Path out;

    @Option(names = "--bn-epsilon", defaultValue = "0.001",
            description = "Batch-normalization epsilon the checkpoint was trained with (default: ${DEFAULT-VALUE}, TF-slim's).")
    private double batchNormEpsilon = CanArchitecture.AUTHORS_EPSILON;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outWriter = spec.commandLine().getOut();
        if (!OperatorInfo.isWellFormedId(operatorId)) {
            err.println("error: --operator '" + operatorId + "' must be lower-case words joined by '-'");
            return 2;
        }
        String command = "import-tf-checkpoint --checkpoint " + checkpoint + " --prefix " + prefix + " --operator "
                + operatorId + " --out " + out + " --bn-epsilon " + batchNormEpsilon;
        try {
            ModelDescriptor descriptor = TfCheckpointImporter.importCheckpoint(checkpoint, prefix, operatorId, out,
                    batchNormEpsilon, command);
            CanArchitecture a = descriptor.architecture();
            outWriter.printf("imported CAN%d (%d layers, dilations %s, %,d trainable parameters) into %s%n",
                    a.width(), a.layers(), a.dilations(), a.trainableParameterCount(), out);
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
    }
}
