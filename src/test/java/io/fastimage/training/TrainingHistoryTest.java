package io.fastimage.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingHistoryTest {

    private static TrainingHistory twoRuns(String firstSet, String secondSet) {
        return twoRuns(firstSet, secondSet, true);
    }

    /** {@code secondComparable}: whether a first run without a recorded set counts on the second run's set. */
    private static TrainingHistory twoRuns(String firstSet, String secondSet, boolean secondComparable) {
        TrainingHistory history = new TrainingHistory();
        history.validatedOn(firstSet, true);
        history.addPoint(new TrainingHistory.Point(100, 30, 35));
        history.recordRun(new TrainingHistory.Run("2026-11-30T08:00:00Z", "first", 0, 100, 60));
        history.validatedOn(secondSet, secondComparable);
        history.addPoint(new TrainingHistory.Point(200, 28, 31));
        history.recordRun(new TrainingHistory.Run("2026-11-30T09:00:00Z", "second", 100, 200, 60));
        return history;
    }

    @Test
    void theBestValidationCountsOnlyPointsOnTheCurrentSet() {
        assertThat(twoRuns("6 pairs under default", "6 pairs under default").bestValidation()).isEqualTo(35);
        assertThat(twoRuns("6 pairs under default", "42 pairs under default,at lambda 0.2").bestValidation())
                .isEqualTo(31);
        // A history from before sets were recorded: its points count as on the set named next.
        assertThat(twoRuns(null, "6 pairs under default").bestValidation()).isEqualTo(35);
        // ... unless this run's set weighs the border: those points were measured unweighted.
        assertThat(twoRuns(null, "6 pairs under default, outer 4 px weighted 16.0", false).bestValidation()).isEqualTo(31);
        // A recorded set decides by itself: the flag is for unrecorded ones only.
        assertThat(twoRuns("6 pairs under default", "6 pairs under default", false).bestValidation()).isEqualTo(35);
    }

    @Test
    void theSetAndWhereItStartedSurviveAWriteAndRead(@TempDir Path directory) throws Exception {
        Files.write(directory.resolve(TrainingHistory.FILE_NAME),
                twoRuns("6 pairs under default", "42 pairs under default,at lambda 0.2").toJson());

        TrainingHistory read = TrainingHistory.read(directory);

        assertThat(read.validationSet()).isEqualTo("42 pairs under default,at lambda 0.2");
        assertThat(read.bestValidation()).isEqualTo(31);
        assertThat(read.steps()).isEqualTo(200);
    }

    @Test
    void aHistoryWithoutARecordedSetReadsAsBefore(@TempDir Path directory) throws Exception {
        Files.writeString(directory.resolve(TrainingHistory.FILE_NAME), """
                {"steps": 100, "seconds": 60,
                 "runs": [{"date": "d", "command": "c", "fromStep": 0, "toStep": 100, "seconds": 60}],
                 "points": [{"step": 100, "trainingPsnr": 30, "validationPsnr": 35}]}
                """);

        TrainingHistory read = TrainingHistory.read(directory);

        assertThat(read.validationSet()).isNull();
        assertThat(read.bestValidation()).isEqualTo(35);
    }
}
