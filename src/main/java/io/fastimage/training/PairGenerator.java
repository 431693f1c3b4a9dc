package io.fastimage.training;

import io.fastimage.operator.ReferenceOperator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fills a {@link PairCache} for photos × long sides × operators with a fixed number of threads (one
 * reference operator call per thread), skipping what is cached; the largest images go first so that the
 * threads finish together.
 */
public final class PairGenerator {

    private final PairCache cache;
    private final int threads;
    private final PrintStream progressOut;

    public PairGenerator(PairCache cache, int threads, PrintStream progressOut) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.cache = cache;
        this.threads = threads;
        this.progressOut = progressOut;
    }

    private record Job(SourcePhoto photo, int longSide, ReferenceOperator operator) {
    }

    /** @return the number of pairs computed (not found in the cache) */
    public int generate(List<SourcePhoto> photos, List<Integer> longSides, List<ReferenceOperator> operators)
            throws IOException, InterruptedException {
        List<Job> jobs = new ArrayList<>();
        for (ReferenceOperator operator : operators) {
            for (SourcePhoto photo : photos) {
                for (int side : longSides) {
                    if (!cache.hasPair(photo, side, operator)) {
                        jobs.add(new Job(photo, side, operator));
                    }
                }
            }
        }
        jobs.sort(Comparator.comparingInt(Job::longSide).reversed());
        Progress progress = new Progress(progressOut, "pairs", jobs.size());
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Job job : jobs) {
                futures.add(pool.submit(() -> {
                    try {
                        cache.pair(job.photo(), job.longSide(), job.operator());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    progress.report(done.incrementAndGet(), "pairs",
                            job.operator().info().id() + " " + job.photo().name() + "@" + job.longSide());
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof UncheckedIOException io) {
                        throw io.getCause();
                    }
                    throw new IllegalStateException("pair generation failed: " + cause, cause);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return jobs.size();
    }
}
