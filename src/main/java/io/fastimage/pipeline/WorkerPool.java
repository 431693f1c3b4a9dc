package io.fastimage.pipeline;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed number of workers behind a bounded queue: all pixel work (decode, operator, encode) runs
 * here, so the number of images in memory at once is bounded whatever the number of HTTP threads.
 * A full queue is refused at once ({@link QueueFullException}); a job that misses its deadline is
 * interrupted so its worker is freed ({@link JobTimeoutException}).
 */
public final class WorkerPool implements AutoCloseable {

    private final ThreadPoolExecutor executor;
    private final int queueCapacity;
    /**
     * One permit per job admitted (running or waiting). A job gives its permit back inside its own
     * body, before its caller sees the result, so a client sending one request after another never
     * finds its previous job still counted.
     */
    private final Semaphore admission;

    public WorkerPool(int workers, int queueCapacity) {
        if (workers < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("workers and queue capacity must be at least 1");
        }
        this.queueCapacity = queueCapacity;
        this.admission = new Semaphore(workers + queueCapacity);
        this.executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), new WorkerThreads(), new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Takes a place in the queue now, before the caller reads the upload, so that a full queue costs
     * no reading and no CPU ({@link QueueFullException} at once). The place is given back by the job
     * that {@link #run(Admission, Callable, Duration)} runs with it, or by {@link Admission#close()} when
     * the caller gives up before running one (a bad upload).
     */
    public Admission admit() {
        if (!admission.tryAcquire()) {
            throw new QueueFullException(queueCapacity);
        }
        return new Admission();
    }

    /**
     * Runs {@code job} on a worker and waits for it at most {@code timeout}, counted from now
     * (time spent queued included).
     */
    public <T> T run(Callable<T> job, Duration timeout) {
        return run(admit(), job, timeout);
    }

    /** As {@link #run(Callable, Duration)}, in a place taken earlier with {@link #admit()}. */
    public <T> T run(Admission place, Callable<T> job, Duration timeout) {
        if (!place.taken.compareAndSet(false, true)) {
            throw new IllegalStateException("an admission runs one job");
        }
        AtomicBoolean started = new AtomicBoolean();
        Runnable release = place::release;
        Future<T> future;
        try {
            future = executor.submit(() -> {
                started.set(true);
                try {
                    return job.call();
                } finally {
                    release.run();
                }
            });
        } catch (RejectedExecutionException e) {
            release.run();
            throw new QueueFullException(queueCapacity);
        }
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            cancel(future, started, release);
            throw new JobTimeoutException(timeout);
        } catch (InterruptedException e) {
            cancel(future, started, release);
            Thread.currentThread().interrupt();
            throw new JobTimeoutException(timeout);
        } catch (CancellationException e) {
            throw new JobTimeoutException(timeout);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CancellationException) {
                throw new JobTimeoutException(timeout);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    /**
     * Interrupts a running job (it keeps its permit until it stops) or drops a waiting one, which
     * will never run and so gives its permit back here.
     */
    private static void cancel(Future<?> future, AtomicBoolean started, Runnable release) {
        future.cancel(true);
        if (!started.get()) {
            release.run();
        }
    }

    /** Admitted jobs waiting for a worker. */
    public int queueLength() {
        int admitted = workers() + queueCapacity - admission.availablePermits();
        return Math.max(0, admitted - executor.getActiveCount());
    }

    /** Jobs being worked on. */
    public int activeCount() {
        return executor.getActiveCount();
    }

    public int workers() {
        return executor.getMaximumPoolSize();
    }

    public int queueCapacity() {
        return queueCapacity;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** One place in the queue; closing it gives it back unless a job took it over. */
    public final class Admission implements AutoCloseable {
        private final AtomicBoolean taken = new AtomicBoolean();
        private final AtomicBoolean released = new AtomicBoolean();

        private Admission() {
        }

        private void release() {
            if (released.compareAndSet(false, true)) {
                admission.release();
            }
        }

        @Override
        public void close() {
            if (!taken.get()) {
                release();
            }
        }
    }

    private static final class WorkerThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread thread = new Thread(r, "image-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
