package io.fastimage.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fastimage.operator.Cancellation;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    @Test
    void runsAJobAndReturnsItsResult() {
        try (WorkerPool pool = new WorkerPool(1, 1)) {
            assertThat(pool.run(() -> 6 * 7, Duration.ofSeconds(5))).isEqualTo(42);
        }
    }

    @Test
    void refusesWorkWhenEveryWorkerIsBusyAndTheQueueIsFull() throws Exception {
        try (WorkerPool pool = new WorkerPool(1, 1)) {
            BusyWorker busy = new BusyWorker(pool);
            CompletableFuture<Object> queued = CompletableFuture.supplyAsync(() -> pool.run(() -> "queued", Duration.ofSeconds(10)));
            while (pool.queueLength() == 0) {
                Thread.sleep(5);
            }
            assertThatThrownBy(() -> pool.run(() -> "third", Duration.ofSeconds(10))).isInstanceOf(QueueFullException.class);
            assertThat(busy.finish()).isEqualTo(true);
            assertThat(queued.get()).isEqualTo("queued");
        }
    }

    @Test
    void aPlaceTakenBeforeReadingCountsAtOnceAndIsGivenBackWhenUnused() {
        try (WorkerPool pool = new WorkerPool(1, 1)) {
            WorkerPool.Admission first = pool.admit();
            WorkerPool.Admission second = pool.admit();
            // Two uploads being read hold both places: a third request is refused without reading.
            assertThatThrownBy(pool::admit).isInstanceOf(QueueFullException.class);
            first.close(); // its upload was bad: the place is free again
            assertThat(pool.run(second, () -> "ran", Duration.ofSeconds(5))).isEqualTo("ran");
            second.close(); // after its job: gives back nothing more
            assertThatThrownBy(() -> pool.run(second, () -> "again", Duration.ofSeconds(5)))
                    .isInstanceOf(IllegalStateException.class);
            try (WorkerPool.Admission a = pool.admit(); WorkerPool.Admission b = pool.admit()) {
                assertThatThrownBy(pool::admit).isInstanceOf(QueueFullException.class);
            }
            assertThat(pool.queueLength()).isZero();
        }
    }

    @Test
    void clientsThatWaitForEachAnswerNeverFindTheQueueFull() throws Exception {
        // Two clients, one worker and one queue place: capacity for both, however the threads interleave.
        try (WorkerPool pool = new WorkerPool(1, 1)) {
            Runnable client = () -> {
                for (int i = 0; i < 2000; i++) {
                    pool.run(() -> 1, Duration.ofSeconds(10));
                }
            };
            CompletableFuture<Void> a = CompletableFuture.runAsync(client);
            CompletableFuture<Void> b = CompletableFuture.runAsync(client);
            a.get();
            b.get();
            assertThat(pool.queueLength()).isZero();
        }
    }

    @Test
    void aTimedOutWaitingJobGivesBackItsPlace() throws Exception {
        try (WorkerPool pool = new WorkerPool(1, 1)) {
            BusyWorker busy = new BusyWorker(pool);
            assertThatThrownBy(() -> pool.run(() -> "never runs", Duration.ofMillis(100)))
                    .isInstanceOf(JobTimeoutException.class);
            // The timed-out job was waiting, not running: its queue place is free again at once.
            CompletableFuture<Object> next = CompletableFuture.supplyAsync(() -> pool.run(() -> "next", Duration.ofSeconds(10)));
            assertThat(busy.finish()).isEqualTo(true);
            assertThat(next.get()).isEqualTo("next");
        }
    }

    @Test
    void aTimedOutJobIsInterruptedAndFreesItsWorker() {
        try (WorkerPool pool = new WorkerPool(1, 1)) {
            assertThatThrownBy(() -> pool.run(() -> {
                while (true) {
                    Cancellation.checkpoint();
                }
            }, Duration.ofMillis(200))).isInstanceOf(JobTimeoutException.class);
            assertThat(pool.run(() -> "free again", Duration.ofSeconds(5))).isEqualTo("free again");
        }
    }

    @Test
    void jobFailuresReachTheCallerUnchanged() {
        try (WorkerPool pool = new WorkerPool(1, 1)) {
            assertThatThrownBy(() -> pool.run(() -> {
                throw new IllegalStateException("boom");
            }, Duration.ofSeconds(5))).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        }
    }

    /** A job that holds the pool's only worker until {@link #finish()}. */
    private static final class BusyWorker {
        private final CountDownLatch release = new CountDownLatch(1);
        private final CompletableFuture<Object> result;

        BusyWorker(WorkerPool pool) throws InterruptedException {
            CountDownLatch started = new CountDownLatch(1);
            result = CompletableFuture.supplyAsync(() -> pool.run(() -> {
                started.countDown();
                return release.await(10, TimeUnit.SECONDS);
            }, Duration.ofSeconds(10)));
            started.await();
        }

        Object finish() throws Exception {
            release.countDown();
            return result.get();
        }
    }
}
