package io.slaguard.manager.assessment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.slaguard.protocol.Durations;

/**
 * Sends each distinct query of a tick to the source once: agreements made from one template with the same
 * parameters (or the combined template next to the single ones) compile to the same violation query, and
 * evaluating it at the same instant gives the same answer, so every agreement asking for it at that instant gets
 * the one answer. A tick's instant is newer than the previous tick's; queries at the newest instant seen are
 * shared, and the answers of older instants are dropped; a query at an older instant goes to the source unshared.
 *
 * <p>The query runs on its own thread and every asker, the first included, waits for it with its own timeout, so
 * an agreement that gives up (its deadline passed and interrupted it) never cancels the answer others wait for.
 * A failure is shared like an answer: the source did not answer that query at that instant.
 */
public final class SharedTickQueries implements MetricsSource, AutoCloseable {
    private record Tick(Instant time, ConcurrentMap<String, CompletableFuture<List<Sample>>> answers) {
    }

    private final MetricsSource source;
    private final ExecutorService queries;
    private final LongAdder sent = new LongAdder();
    private final LongAdder shared = new LongAdder();
    private volatile Tick newest = new Tick(Instant.MIN, new ConcurrentHashMap<>());

    public SharedTickQueries(MetricsSource source) {
        this.source = source;
        AtomicInteger count = new AtomicInteger();
        // one thread per distinct query in flight; an interrupted asker sends none (see query), so at most one per
        // assessment thread is started, and a thread outlives its asker only until the query's own timeout
        this.queries = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "prometheus-query-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public List<Sample> query(String promql, Instant time, Duration timeout) throws MetricsSourceException {
        if (Thread.currentThread().isInterrupted()) {
            // the asker's agreement is past its deadline: its outcome is settled, so send nothing more for it
            throw new MetricsSourceException("not sent: the assessment was interrupted");
        }
        Tick tick = tickAt(time);
        if (tick == null) {
            sent.increment();
            return source.query(promql, time, timeout);
        }
        boolean[] asked = {false};
        CompletableFuture<List<Sample>> answer = tick.answers().computeIfAbsent(promql, query -> {
            asked[0] = true;
            return ask(query, time, timeout);
        });
        (asked[0] ? sent : shared).increment();
        try {
            return answer.get(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MetricsSourceException failure) {
                throw failure;
            }
            throw new IllegalStateException("query failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new MetricsSourceException("Prometheus did not answer query within " + Durations.toSecondsText(timeout)
                    + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetricsSourceException("stopped waiting for Prometheus: interrupted", e);
        }
    }

    private CompletableFuture<List<Sample>> ask(String promql, Instant time, Duration timeout) {
        CompletableFuture<List<Sample>> answer = new CompletableFuture<>();
        try {
            queries.execute(() -> {
                try {
                    answer.complete(List.copyOf(source.query(promql, time, timeout)));
                } catch (Throwable e) {
                    // whatever happens, the askers get an answer now rather than at their timeout
                    answer.completeExceptionally(e);
                    if (e instanceof Error error) {
                        throw error;
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            answer.completeExceptionally(new MetricsSourceException("the manager is shutting down", e));
        }
        return answer;
    }

    /** The shared answers of {@code time} when it is the newest instant seen; null for an older one. */
    private synchronized Tick tickAt(Instant time) {
        int order = time.compareTo(newest.time());
        if (order > 0) {
            newest = new Tick(time, new ConcurrentHashMap<>());
        }
        return order >= 0 ? newest : null;
    }

    /** Queries sent to the source so far. */
    public long sent() {
        return sent.sum();
    }

    /** Queries answered with the answer to another asker's identical query so far. */
    public long shared() {
        return shared.sum();
    }

    @Override
    public String version() throws MetricsSourceException {
        return source.version();
    }

    @Override
    public void close() {
        queries.shutdownNow();
    }
}
