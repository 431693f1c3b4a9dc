package io.fastimage.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fastimage.ConformanceKit;
import io.fastimage.image.Resampling;
import io.fastimage.image.Rgb8Image;
import io.fastimage.model.ModelDescriptor;
import io.fastimage.model.ModelDirectory;
import io.fastimage.model.can.CanArchitecture;
import io.fastimage.model.can.NormalizationStatistics;
import io.fastimage.model.guided.GuidedFilterSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guided filter trainer on a tiny synthetic operator (a per-channel gain and offset, which the guided filter
 * reproduces with A = gain), starting its CAN from a trained CAN's directory: it learns, saves the variant
 * directory with the CAN's shape, and resumes from the saved weights.
 */
class GuidedFilterTrainerTest {

    private static final CanArchitecture TINY = new CanArchitecture(8, CanArchitecture.standardDilations(4), 3,
            CanArchitecture.AUTHORS_EPSILON);

    private static Rgb8Image darkenAndTint(Rgb8Image image) {
        byte[] out = new byte[image.pixels().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Math.round((image.pixels()[i] & 0xff) * 0.6 + (i % 3 == 2 ? 60 : 10));
        }
        return new Rgb8Image(image.width(), image.height(), out);
    }

    private static CanTrainer.Data data() throws Exception {
        Rgb8Image photo = ConformanceKit.photo(ConformanceKit.PHOTO);
        List<TrainingPair> training = List.of(96, 128).stream().map(side -> {
            Rgb8Image input = Resampling.toLongSide(photo, side);
            return new TrainingPair("train@" + side, input, darkenAndTint(input), "l0-smoothing");
        }).toList();
        Rgb8Image held = Resampling.toLongSide(Resampling.resize(photo, photo.width() / 2, photo.height()), 80);
        List<TrainingPair> validation = List.of(new TrainingPair("validation", held, darkenAndTint(held), "l0-smoothing"));
        return new CanTrainer.Data("l0-smoothing", training, validation, validation, "validation image", validation,
                "ci image", "synthetic test pairs", false, false, CanTrainer.Data.UNIFORM);
    }

    private static GuidedFilterTrainer.Settings settings(long steps) {
        return new GuidedFilterTrainer.Settings(24, 1, 1e-4, 4, 0.005f, steps, Duration.ofMinutes(5), 10, 3, 0);
    }

    @Test
    void startsFromACanLearnsSavesAndResumes(@TempDir Path models, @TempDir Path cans) throws Exception {
        CanTrainer.Data data = data();
        // A CAN trained briefly on the same task is the starting point, as models/<id> is for the real runs.
        CanTrainer.at(cans.resolve("l0-smoothing"), data, new PrintStream(new ByteArrayOutputStream()), "test").train(
                new CanTrainer.Settings(TINY, NormalizationStatistics.RUNNING, 2, 48, 0.01f, 20, Duration.ofMinutes(5), 10, 7),
                false);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        GuidedFilterTrainer trainer = new GuidedFilterTrainer(models, "guided", data, new PrintStream(log), "test");

        CanTrainer.Result first = trainer.train(settings(40), false, cans.resolve("l0-smoothing"));

        assertThat(log.toString()).contains("CAN from " + cans.resolve("l0-smoothing"));
        assertThat(first.bestPsnr()).isGreaterThan(first.startPsnr() + 3);
        Path directory = models.resolve("l0-smoothing").resolve("guided");
        ModelDescriptor descriptor = ModelDirectory.readDescriptor(directory);
        assertThat(descriptor.network()).isEqualTo(new GuidedFilterSpec(24, 1, 1e-4, 4, TINY));
        assertThat(directory.resolve("README.md")).content().contains("deep guided filter network");

        long savedSteps = descriptor.provenance().iterations();
        CanTrainer.Result resumed = trainer.train(settings(10), true, null);
        assertThat(resumed.startPsnr()).isCloseTo(first.bestPsnr(), within(1e-6));
        assertThat(resumed.steps()).isEqualTo(savedSteps + 10);
        assertThatThrownBy(() -> trainer.train(settings(10), false, null)).hasMessageContaining("already holds a model");
    }
}
