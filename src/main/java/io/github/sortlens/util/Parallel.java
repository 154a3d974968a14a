package io.github.sortlens.util;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Independent tasks (one per training snapshot, say) on a few threads, their results returned in task order: each
 * task computes the same numbers on any thread, so the result is the serial run's, byte for byte. Each thread still
 * makes single-threaded ND4J calls; the parallelism is only across tasks.
 */
public final class Parallel {

    /** Threads for independent analysis work: {@code -Dsortlens.analysis_threads=N}, else min(2, cores). */
    public static int threads() {
        String given = System.getProperty("sortlens.analysis_threads");
        if (given != null) {
            try {
                int n = Integer.parseInt(given.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
            throw new IllegalArgumentException("sortlens.analysis_threads must be a whole number >= 1, not '"
                    + given + "'");
        }
        return Math.min(2, Runtime.getRuntime().availableProcessors());
    }

    private Parallel() {
    }

    /** {@code f} applied to every item, in item order; on the calling thread alone when {@code threads} is 1. */
    public static <T, R> List<R> map(List<T> items, int threads, Function<T, R> f) {
        int n = Math.min(threads, items.size());
        List<R> out = new ArrayList<>(items.size());
        if (n <= 1) {
            for (T item : items) {
                out.add(f.apply(item));
            }
            return out;
        }
        AtomicInteger id = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "sortlens-analysis-" + id.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> futures = new ArrayList<>(items.size());
            for (T item : items) {
                futures.add(pool.submit(() -> f.apply(item)));
            }
            for (Future<R> future : futures) {
                out.add(future.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for analysis tasks", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
