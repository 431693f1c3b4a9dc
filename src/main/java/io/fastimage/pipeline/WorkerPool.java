package io.fastimage.pipeline;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    public WorkerPool(int workers, int queueCapacity) {
        if (workers < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("workers and queue capacity must be at least 1");
        }
        this.queueCapacity = queueCapacity;
        this.executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), new WorkerThreads(), new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Runs {@code job} on a worker and waits for it at most {@code timeout}, counted from now
     * (time spent queued included).
     */
    public <T> T run(Callable<T> job, Duration timeout) {
        Future<T> future;
        try {
            future = executor.submit(job);
        } catch (RejectedExecutionException e) {
            throw new QueueFullException(queueCapacity);
        }
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new JobTimeoutException(timeout);
        } catch (InterruptedException e) {
            future.cancel(true);
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

    /** Jobs waiting for a worker. */
    public int queueLength() {
        return executor.getQueue().size();
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
