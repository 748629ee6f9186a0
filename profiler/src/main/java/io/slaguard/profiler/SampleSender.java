package io.slaguard.profiler;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.slaguard.protocol.Backoff;
import io.slaguard.protocol.ProfilerMetrics;

/**
 * Pushes a call's samples from its own thread, so sampling (and the user code behind it) never waits for the
 * network. The queue is bounded: when it is full the oldest sample goes (each push replaces the group, so the
 * newest is the one worth keeping). A failed push is retried after an exponential pause that grows over the
 * whole outage; a sample is dropped after {@link #ATTEMPTS_PER_SAMPLE} attempts or as soon as a newer one waits.
 */
final class SampleSender implements AutoCloseable {
    static final int ATTEMPTS_PER_SAMPLE = 3;
    private static final Logger log = LoggerFactory.getLogger(SampleSender.class);
    private static final Counter DROPPED_TOTAL = Counter.builder().name(ProfilerMetrics.DROPPED_SAMPLES)
            .help("Profiler samples that never reached the Pushgateway").register();
    private static final long IDLE_POLL_MILLIS = 1000;

    private final SamplePusher pusher;
    private final Backoff backoff;
    private final String target;
    private final BlockingQueue<MetricSnapshots> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean closed;
    private int failureStreak;

    /**
     * @param target what the samples are for, in log lines (a call id); never a URL with credentials
     */
    SampleSender(SamplePusher pusher, int capacity, Backoff backoff, String target) {
        this.pusher = pusher;
        this.backoff = backoff;
        this.target = target;
        this.queue = new ArrayBlockingQueue<>(capacity);
        Thread thread = new Thread(this::run, "profiler-sender-" + target);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a sample without ever blocking; ignored once closed. */
    void offer(MetricSnapshots sample) {
        if (closed) {
            return;
        }
        while (!queue.offer(sample)) {
            if (queue.poll() != null) {
                drop();
            }
        }
    }

    long dropped() {
        return dropped.get();
    }

    long delivered() {
        return delivered.get();
    }

    /** No more samples: what is queued is still sent, then the thread ends. Does not wait. */
    @Override
    public void close() {
        closed = true;
    }

    boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void run() {
        try {
            while (true) {
                MetricSnapshots sample = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (sample != null) {
                    deliver(sample);
                } else if (closed) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            long lost = queue.size();
            queue.clear();
            dropped.addAndGet(lost);
            DROPPED_TOTAL.inc(lost);
            finished.countDown();
        }
    }

    private void deliver(MetricSnapshots sample) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            pause(backoff.delay(failureStreak));
            try {
                pusher.push(sample);
                delivered.incrementAndGet();
                if (failureStreak > 0) {
                    log.info("profiler samples of {} reach the Pushgateway again ({} dropped so far)", target, dropped.get());
                }
                failureStreak = 0;
                return;
            } catch (Exception e) {
                failureStreak++;
                if (failureStreak == 1) {
                    log.warn("profiler cannot push samples of {}, retrying with backoff up to {}: {}", target,
                            backoff.max(), e.toString());
                }
                if (attempt >= ATTEMPTS_PER_SAMPLE || !queue.isEmpty()) {
                    drop();
                    return;
                }
            }
        }
    }

    private void drop() {
        dropped.incrementAndGet();
        DROPPED_TOTAL.inc();
    }

    private static void pause(Duration delay) throws InterruptedException {
        if (!delay.isZero()) {
            TimeUnit.NANOSECONDS.sleep(delay.toNanos());
        }
    }
}
