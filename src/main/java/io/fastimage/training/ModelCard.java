package io.fastimage.training;

import io.fastimage.model.CanArchitecture;
import io.fastimage.model.ModelDescriptor.Provenance;
import io.fastimage.model.NormalizationStatistics;
import java.util.Locale;

/** The human-readable card of a trained model ({@code README.md} in its directory). */
final class ModelCard {

    static final String FILE_NAME = "README.md";
    static final String CURVE_FILE = "training-curve.png";

    private ModelCard() {
    }

    static String markdown(String operatorId, CanArchitecture architecture, NormalizationStatistics statistics,
                           Provenance provenance, TrainingHistory history, Evaluation validation, String validationLabel,
                           Evaluation ci, String ciLabel) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(operatorId).append(": trained context aggregation network\n\n");
        md.append("Written by `train` on ").append(provenance.date()).append("; `model.json` holds the same numbers.\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "architecture", CanTrainer.describe(architecture) + ", " + architecture.trainableParameterCount()
                + " trainable values, adaptive normalization, leaky ReLU 0.2");
        row(md, "normalization statistics", statistics.jsonName());
        row(md, "data", provenance.data());
        row(md, "steps", Long.toString(history.steps()));
        row(md, "training wall time", String.format(Locale.ROOT, "%.2f h (%d runs, CPU)", history.seconds() / 3600,
                history.runs().size()));
        row(md, "last command", "`" + provenance.command() + "`");
        row(md, "validation PSNR / SSIM", String.format(Locale.ROOT, "%.2f dB / %.4f on %s", validation.meanPsnr(),
                validation.meanSsim(), validationLabel));
        row(md, "CI subset PSNR", String.format(Locale.ROOT, "%.2f dB on %s (tests check ±1 dB)", ci.meanPsnr(), ciLabel));
        md.append("\nPer validation photo (network vs the exact reference operator, whole photo):\n\n");
        md.append("| photo | size | PSNR dB | SSIM |\n|---|---|---|---|\n");
        for (Evaluation.ImageScore score : validation.images()) {
            md.append(String.format(Locale.ROOT, "| %s | %dx%d | %.2f | %.4f |%n", score.name(), score.width(),
                    score.height(), score.psnr(), score.ssim()));
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
