package io.fastimage.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastimage.ConformanceKit;
import io.fastimage.operator.ParameterValues;
import io.fastimage.operator.ReferenceOperator;
import io.fastimage.operator.exact.ReferenceOperators;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pairs are cached by content and by every parameter value the exact operator ran with. */
class PairCacheTest {

    @Test
    void pairsAtAnotherParameterValueAreOtherTargetsNamedAndConditionedByThatValue(@TempDir Path root) throws Exception {
        Path file = root.resolve("photo.png");
        ConformanceKit.writePhoto(file, 96);
        SourcePhoto photo = SourcePhoto.of(file);
        ReferenceOperator l0 = ReferenceOperators.all().stream().filter(op -> op.info().id().equals("l0-smoothing"))
                .findFirst().orElseThrow();
        PairCache cache = new PairCache(root.resolve("cache"));

        TrainingPair byDefault = cache.pair(photo, 64, l0);
        TrainingPair strong = cache.pair(photo, 64, l0, ParameterValues.resolve(l0.info().parameters(), Map.of("lambda", "0.1")));
        TrainingPair again = cache.pair(photo, 64, l0, ParameterValues.resolve(l0.info().parameters(), Map.of("lambda", "0.1")));

        assertThat(byDefault.name()).isEqualTo("photo.png@64");
        assertThat(strong.name()).isEqualTo("photo.png@64 lambda=0.1");
        assertThat(strong.conditions().parameters()).containsEntry("lambda", 0.1);
        assertThat(strong.conditions().task()).isEqualTo("l0-smoothing");
        assertThat(byDefault.conditions().parameters()).containsEntry("lambda", 0.01);
        assertThat(strong.target().pixels()).isNotEqualTo(byDefault.target().pixels());
        assertThat(again.target().pixels()).isEqualTo(strong.target().pixels());
        try (Stream<Path> targets = Files.list(root.resolve("cache/l0-smoothing"))) {
            assertThat(targets.count()).isEqualTo(2);
        }
    }
}
