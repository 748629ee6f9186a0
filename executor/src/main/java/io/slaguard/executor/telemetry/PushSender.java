package io.slaguard.executor.telemetry;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.slaguard.protocol.Backoff;

/**
 * Delivers Pushgateway requests in order on one thread. A failure (Pushgateway down, 5xx) is retried with
 * exponential backoff until it succeeds, so an outage delays telemetry and loses nothing; a 4xx rejection
 * (the request itself is wrong) is logged and dropped, since resending it cannot succeed.
 */
final class PushSender implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PushSender.class);
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    /** One HTTP request to the Pushgateway. */
    interface Push {
        void send() throws IOException;

        String describe();
    }

    /** The Pushgateway answered 4xx: resending the same request is pointless. */
    static final class RejectedPush extends IOException {
        RejectedPush(String message) {
            super(message);
        }
    }

    private final LinkedBlockingDeque<Push> queue = new LinkedBlockingDeque<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final Thread thread;
    private final Object idle = new Object();
    private volatile boolean stopping;
    private volatile boolean inFlight;

    PushSender(String name) {
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    void enqueue(Push push) {
        if (stopping) {
            log.warn("telemetry closed, not sending {}", push.describe());
            return;
        }
        queue.addLast(push);
    }

    TelemetryStats stats() {
        return new TelemetryStats(sent.get(), failures.get(), rejected.get(), queue.size() + (inFlight ? 1 : 0));
    }

    boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (!queue.isEmpty() || inFlight) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(idle, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    private void loop() {
        int failedInARow = 0;
        while (!stopping || !queue.isEmpty()) {
            Push push;
            try {
                push = queue.pollFirst(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (push == null) {
                continue;
            }
            inFlight = true;
            try {
                push.send();
                sent.incrementAndGet();
                failedInARow = 0;
            } catch (RejectedPush e) {
                rejected.incrementAndGet();
                log.error("Pushgateway rejected {}: {}", push.describe(), e.getMessage());
            } catch (RuntimeException e) {
                // a request that cannot even be built will not build on a retry either
                rejected.incrementAndGet();
                log.error("cannot send {}", push.describe(), e);
            } catch (IOException e) {
                failures.incrementAndGet();
                queue.addFirst(push);
                Duration pause = BACKOFF.delay(++failedInARow);
                log.warn("push failed ({}), retrying in {} ms: {}", e.getMessage(), pause.toMillis(), push.describe());
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    break;
                }
            } finally {
                inFlight = false;
                synchronized (idle) {
                    idle.notifyAll();
                }
            }
        }
        if (!queue.isEmpty()) {
            log.error("telemetry stopped with {} events undelivered (first: {})", queue.size(),
                    queue.peekFirst().describe());
        }
    }

    /** Delivers what is queued within {@code timeout}, then stops the thread. */
    void close(Duration timeout) {
        stopping = true;
        flush(timeout);
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
