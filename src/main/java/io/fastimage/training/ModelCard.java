package io.fastimage.training;

import io.fastimage.model.ModelDescriptor;
import io.fastimage.model.ModelDescriptor.Provenance;
import io.fastimage.model.NetworkSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The human-readable card of a trained model ({@code README.md} in its directory). */
public final class ModelCard {

    public static final String FILE_NAME = "README.md";
    static final String CURVE_FILE = "training-curve.png";

    private ModelCard() {
    }

    /** A network's scores on a set of images beside those of doing nothing (the unchanged input). */
    public record Scores(Evaluation network, Evaluation doNothing, String label) {
        String summary() {
            return String.format(Locale.ROOT, "%.2f dB / %.4f (doing nothing: %.2f dB / %.4f, gain %+.2f dB) on %s",
                    network.meanPsnr(), network.meanSsim(), doNothing.meanPsnr(), doNothing.meanSsim(),
                    network.meanPsnr() - doNothing.meanPsnr(), label);
        }
    }

    /**
     * The card of a network that {@code train} saved in {@code directory} (its card and training.json there), written
     * again with the scores that {@code score --record} is writing into its model.json ({@code descriptor}), so that
     * card and model.json agree again after a change that keeps the weights, such as a wider margin. Empty for a card
     * that averages several conditions (parameter values, tasks: accuracy labels other than the two scored), which
     * stays as it is, and for a directory that {@code train} did not write.
     *
     * @throws IOException when the training history cannot be read
     */
    public static Optional<String> rescored(Path directory, ModelDescriptor descriptor, Scores validation, Scores ci)
            throws IOException {
        Set<String> scored = Set.of(validation.label(), ci.label());
        if (!Files.isRegularFile(directory.resolve(FILE_NAME))
                || !Files.isRegularFile(directory.resolve(TrainingHistory.FILE_NAME))
                || !descriptor.accuracy().stream().allMatch(measured -> scored.contains(measured.images()))) {
            return Optional.empty();
        }
        String rescoredOn = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        return Optional.of(markdown(descriptor.operatorId(), descriptor.network(), descriptor.provenance(),
                TrainingHistory.read(directory), validation, ci, 1, rescoredOn));
    }

    /**
     * The card; {@code conditions}: how many conditions the pairs were made under (1: one operator at its defaults);
     * {@code rescoredOn}: when {@code score --record} measured the scores again, null when {@code train} did.
     */
    static String markdown(String operatorId, NetworkSpec network, Provenance provenance, TrainingHistory history,
                           Scores validation, Scores ci, int conditions, String rescoredOn) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(operatorId).append(": ").append(provenance.origin() == null ? "trained" : "fine-tuned")
                .append(" ").append(network.cardTitle()).append("\n\n");
        md.append("Written by `train` on ").append(provenance.date());
        if (rescoredOn != null) {
            md.append("; scores measured again by `score --record` on ").append(rescoredOn)
                    .append(", the weights unchanged");
        }
        md.append(conditions > 1
                ? "; the scores below average its " + conditions + " conditions (parameter values or tasks), "
                        + "`model.json` holds each condition's.\n\n"
                : "; `model.json` holds the same numbers.\n\n");
        md.append("| | |\n|---|---|\n");
        network.cardRows().forEach((name, value) -> row(md, name, value));
        if (provenance.origin() != null) {
            ModelDescriptor.Origin origin = provenance.origin();
            row(md, "started from", origin.source() + " at commit " + origin.commit());
            row(md, "licence and attribution", origin.licence() + "; " + origin.attribution());
        }
        row(md, "data", provenance.data());
        row(md, provenance.origin() == null ? "steps" : "steps since the start", Long.toString(history.steps()));
        long onGpu = history.runs().stream().filter(run -> FineTunedRun.ranOnGpu(run.command())).count();
        int runs = history.runs().size();
        row(md, "training wall time", String.format(Locale.ROOT, "%.2f h (%s)", history.seconds() / 3600, onGpu == 0
                ? runs + " runs, CPU" : (runs - onGpu) + " on the CPU, " + onGpu + " on a GPU with scripts/gpu/finetune.py"));
        row(md, "last command", "`" + provenance.command() + "`");
        row(md, "validation PSNR / SSIM", validation.summary());
        row(md, "CI subset PSNR / SSIM", ci.summary() + " (tests check the PSNR ±1 dB and the gain)");
        md.append("\nPer validation photo (network and doing nothing vs the exact reference operator, whole photo):\n\n");
        md.append("| photo | size | PSNR dB | SSIM | do-nothing PSNR dB | gain dB |\n|---|---|---|---|---|---|\n");
        for (int i = 0; i < validation.network().images().size(); i++) {
            Evaluation.ImageScore score = validation.network().images().get(i);
            Evaluation.ImageScore baseline = validation.doNothing().images().get(i);
            md.append(String.format(Locale.ROOT, "| %s | %dx%d | %.2f | %.4f | %.2f | %+.2f |%n", score.name(),
                    score.width(), score.height(), score.psnr(), score.ssim(), baseline.psnr(), score.psnr() - baseline.psnr()));
        }
        md.append("\nRuns:\n\n| started | steps | seconds | command |\n|---|---|---|---|\n");
        for (TrainingHistory.Run run : history.runs()) {
            md.append(String.format(Locale.ROOT, "| %s | %d–%d | %.0f | `%s` |%n", run.date(), run.fromStep(), run.toStep(),
                    run.seconds(), run.command()));
        }
        md.append("\n![training curve](").append(CURVE_FILE).append(")\n");
        return md.toString();
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }
}
