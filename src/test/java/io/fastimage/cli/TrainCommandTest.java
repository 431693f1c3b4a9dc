package io.fastimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastimage.ConformanceKit;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@code train} trains on: one operator at its defaults, an operator at several values of one parameter, or
 * every task of a shared network; wrong combinations, a model in the way and a network without the parameter's
 * plane are named before any photo is read (the corpus given is never there).
 */
class TrainCommandTest {

    @Test
    void parameterValuesGiveOneConditionPerValueWithinTheOperatorsRange() {
        var l0 = CliSupport.referenceOperator("l0-smoothing");

        List<TrainCommand.Conditions> values = TrainCommand.valuesOf(l0, "lambda=0.002, 0.02,0.2");

        assertThat(values).extracting(TrainCommand.Conditions::summary)
                .containsExactly("lambda 0.002", "lambda 0.02", "lambda 0.2");
        assertThat(values.get(1).parameters().get("lambda")).isEqualTo(0.02);
        // A value given twice, in any spelling, is one condition.
        assertThat(TrainCommand.valuesOf(l0, "lambda=0.01,0.010,1e-2")).hasSize(1);
        assertThat(TrainCommand.valuesOf(l0, null)).singleElement()
                .satisfies(c -> assertThat(c.parameters().get("lambda")).isEqualTo(0.01));
    }

    @Test
    void theSharedNetworkTrainsOnEveryOperatorItHasATaskPlaneFor() throws Exception {
        List<TrainCommand.Conditions> tasks = TrainCommand.tasksOf(Path.of("models/shared/combined-can32"));

        assertThat(tasks).hasSize(10);
        assertThat(tasks).extracting(c -> c.operator().info().id()).contains("l0-smoothing", "pencil-drawing");
    }

    @Test
    void wrongCombinationsAreNamedBeforeAnyPhotoIsRead() {
        Path nowhere = Path.of("no-such-corpus");
        assertThat(failure("--corpus", nowhere.toString())).contains("--operator ID or --shared NAME");
        assertThat(failure("--operator", "l0-smoothing", "--shared", "combined-can32")).contains("--operator ID or --shared NAME");
        assertThat(failure("--shared", "combined-can32", "--variant", "x")).contains("--shared trains the shared CAN as it is");
        assertThat(failure("--shared", "combined-can32", "--planes", "pencil-texture"))
                .contains("--shared trains the shared CAN as it is");
        assertThat(failure("--shared", "../l0-smoothing")).contains("--shared must name a network");
        assertThat(failure("--shared", "combined-can32", "--models", "no-such-models"))
                .contains("holds no model: start the shared network with --init-from DIR");
        // The shipped models exist: training one needs --resume, and --init-from only starts new ones.
        assertThat(failure("--operator", "tv-l1")).contains("already holds a model: pass --resume");
        assertThat(failure("--operator", "tv-l1", "--resume", "--init-from", "models/tv-l1"))
                .contains("--init-from starts a new one");
        assertThat(failure("--operator", "l0-smoothing")).contains("holds variants");
        assertThat(failure("--operator", "tv-l1", "--resume", "--crop", "0", "--batch", "4"))
                .contains("batch must be 1");
        assertThat(failure("--operator", "tv-l1", "--resume", "--border-weight", "8"))
                .contains("--border-weight applies to whole photos");
        assertThat(failure("--operator", "tv-l1", "--resume", "--crop", "0", "--batch", "1", "--border-weight", "0.5"))
                .contains("--border-weight must be a finite number of at least 1");
        assertThat(failure("--operator", "tv-l1", "--resume", "--crop", "0", "--batch", "1", "--border-weight", "NaN"))
                .contains("--border-weight must be a finite number of at least 1");
        assertThat(failure("--operator", "l0-smoothing", "--parameter-values", "lambda", "--corpus", nowhere.toString()))
                .contains("expected NAME=V1,V2,...");
        assertThat(failure("--operator", "l0-smoothing", "--parameter-values", "lambda=0.01,7", "--corpus", nowhere.toString()))
                .contains("--parameter-values: parameter 'lambda': 7 is out of range");
        // The network must take the parameter as a plane, over a range that holds every value.
        assertThat(failure("--operator", "l0-smoothing", "--variant", "can24", "--resume", "--parameter-values",
                "lambda=0.01,0.02")).contains("has no parameter plane 'lambda'");
        assertThat(failure("--operator", "l0-smoothing", "--variant", "parameterized", "--resume", "--parameter-values",
                "lambda=0.002,0.4")).contains("lambda 0.4 is outside the range [0.002, ");
        // --planes gives a started network its plane: the range is the one --planes declares.
        String tvL1Plane = "parameter:lambda:0.2:2:log:0:1:0.5";
        assertThat(failure("--operator", "tv-l1", "--variant", "parameterized", "--init-from", "models/tv-l1", "--planes",
                tvL1Plane, "--parameter-values", "lambda=0.2,3")).contains("lambda 3 is outside the range [0.2, 2] that "
                + "--planes declares for it");
        assertThat(failure("--operator", "tv-l1", "--variant", "parameterized", "--init-from", "models/tv-l1", "--planes",
                tvL1Plane, "--parameter-values", "lambda=0.2,2", "--corpus", nowhere.toString())).contains(nowhere.toString());
        assertThat(failure("--operator", "tv-l1", "--variant", "parameterized", "--init-from", "models/tv-l1", "--planes",
                "parameter:lambda:0.2:2")).contains("--planes parameter:lambda:0.2:2: expected parameter:<name>:<min>:<max>:");
        assertThat(failure("--operator", "tv-l1", "--variant", "parameterized", "--init-from", "models/tv-l1", "--planes",
                "parameter:lambda:0.2:2:cubic:0:1:0.5")).contains("scale must be linear or log");
        // A network gains planes; it cannot lose or change the ones it has.
        assertThat(failure("--operator", "l0-smoothing", "--variant", "parameterized", "--resume", "--planes",
                "parameter:lambda:0.002:0.4:log:0:1:0.02")).contains("must start with the planes of");
        assertThat(failure("--operator", "l0-smoothing", "--guided-short-side", "256", "--planes", "pencil-texture"))
                .contains("a guided filter network takes colour only");
        assertThat(failure("--operator", "l0-smoothing", "--variant", "x", "--parameter-values", "lambda=0.01"))
                .contains("--parameter-values needs a network with a parameter plane 'lambda'");
        assertThat(failure("--operator", "l0-smoothing", "--guided-short-side", "256", "--parameter-values", "lambda=0.01"))
                .contains("a guided filter network takes colour only");
        assertThat(failure("--operator", "l0-smoothing", "--parameter-values", "gamma=0.01", "--corpus", nowhere.toString()))
                .contains("unknown parameter 'gamma'");
        // Frozen statistics need stored, measured ones: a running CAN that was trained or that a run starts from.
        assertThat(failure("--operator", "l0-smoothing", "--guided-short-side", "256", "--frozen-statistics"))
                .contains("a guided filter network's CAN normalizes per image");
        assertThat(failure("--operator", "tv-l1", "--resume", "--statistics", "per-image", "--frozen-statistics"))
                .contains("--statistics per-image has none");
        assertThat(failure("--operator", "tv-l1", "--variant", "fresh", "--frozen-statistics"))
                .contains("--frozen-statistics needs measured statistics");
        assertThat(failure("--operator", "nonlocal-dehazing", "--variant", "can24", "--resume", "--frozen-statistics"))
                .contains("normalizes per image: add --statistics running");
        assertThat(failure("--operator", "tv-l1", "--variant", "x", "--init-from", ConformanceKit.L0_CHECKPOINT.toString(),
                "--frozen-statistics")).contains("normalizes per image: add --statistics running");
        // The guided filtering layer's parameters are checked before any pair is computed.
        assertThat(failure("--operator", "tv-l1", "--variant", "g", "--guided-short-side", "256", "--radius", "0",
                "--corpus", nowhere.toString())).contains("the radius must be 1–16 px, got 0");
        assertThat(failure("--operator", "tv-l1", "--variant", "g", "--guided-short-side", "8", "--corpus",
                nowhere.toString())).contains("the low-resolution short side must be 16–2048 px, got 8");
        assertThat(failure("--operator", "tv-l1", "--variant", "g", "--guided-short-side", "256", "--epsilon", "1",
                "--corpus", nowhere.toString())).contains("epsilon must be in [1.0E-6, 1), got 1.0");
        assertThat(failure("--operator", "tv-l1", "--variant", "g", "--guided-short-side", "256", "--epsilon", "1e-50",
                "--corpus", nowhere.toString())).contains("epsilon must be in [1.0E-6, 1), got 1.0E-50");
        // The layer's options without a guided network would be ignored: named instead.
        assertThat(failure("--operator", "tv-l1", "--resume", "--radius", "3")).contains("add --guided-short-side");
        assertThat(failure("--operator", "tv-l1", "--resume", "--guidance-channels", "0")).contains("add --guided-short-side");
        // A resumed guided network keeps its layer: different settings are named, not ignored.
        assertThat(failure("--operator", "dark-channel-dehazing", "--guided-short-side", "512", "--resume",
                "--corpus", nowhere.toString())).contains("short side 256 px, r 1, ε 1.0E-4").contains("must match");
        assertThat(failure("--operator", "dark-channel-dehazing", "--guided-short-side", "256", "--radius", "2",
                "--resume", "--corpus", nowhere.toString())).contains("must match");
        assertThat(failure("--operator", "dark-channel-dehazing", "--guided-short-side", "256", "--guidance-channels", "0",
                "--resume", "--corpus", nowhere.toString())).contains("15 guidance channels").contains("must match");
        assertThat(failure("--operator", "tv-l1", "--resume", "--ema-decay", "1"))
                .contains("the weights' average needs a decay in (0, 1), or 0 for none, got 1.0");
        // A new shared network takes its tasks from the network it starts from: the run gets as far as the corpus.
        assertThat(failure("--shared", "combined-can32", "--init-from", "models/shared/combined-can32", "--models",
                "no-such-models", "--corpus", nowhere.toString())).contains(nowhere.toString()).doesNotContain("model.json");
    }

    private static String failure(String... args) {
        return CommandRuns.failure(new TrainCommand(), args);
    }
}
