package io.fastimage.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class GradModeTest {

    /** libtorch's grad mode is per thread and on by default on new threads: the reason for the guard. */
    @Test
    void freshThreadsRecordGradientsUntilTheGuardSwitchesItOffAndRestoresIt() throws Exception {
        Engine.getInstance(); // start the engine on this thread first, as the service does
        AtomicReference<boolean[]> seen = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                boolean before = GradMode.isEnabled();
                boolean inside = GradMode.disabledDuring(GradMode::isEnabled);
                seen.set(new boolean[] {before, inside, GradMode.isEnabled()});
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        worker.start();
        worker.join();
        assertThat(seen.get()).containsExactly(true, false, true);
    }
}
