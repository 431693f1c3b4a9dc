package io.fastimage.training;

import io.fastimage.model.ModelDescriptor;
import io.fastimage.model.ModelDescriptor.Provenance;
import io.fastimage.model.NetworkSpec;
import java.util.Locale;

/** The human-readable card of a trained model ({@code README.md} in its directory). */
final class ModelCard {

    static final String FILE_NAME = "README.md";
    static final String CURVE_FILE = "training-curve.png";

    private ModelCard() {
    }

    /** A network's scores on a set of images beside those of doing nothing (the unchanged input). */
    record Scores(Evaluation network, Evaluation doNothing, String label) {
        String summary() {
            return String.format(Locale.ROOT, "%.2f dB / %.4f (doing nothing: %.2f dB / %.4f, gain %+.2f dB) on %s",
                    network.meanPsnr(), network.meanSsim(), doNothing.meanPsnr(), doNothing.meanSsim(),
                    network.meanPsnr() - doNothing.meanPsnr(), label);
        }
    }

    /** The card; {@code conditions}: how many conditions the pairs were made under (1: one operator at its defaults). */
    static String markdown(String operatorId, NetworkSpec network, Provenance provenance, TrainingHistory history,
                           Scores validation, Scores ci, int conditions) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(operatorId).append(": ").append(provenance.origin() == null ? "trained" : "fine-tuned")
                .append(" ").append(network.cardTitle()).append("\n\n");
        md.append("Written by `train` on ").append(provenance.date()).append(conditions > 1
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
