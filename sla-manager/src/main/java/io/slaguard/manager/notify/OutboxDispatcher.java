package io.slaguard.manager.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.slaguard.protocol.PasswordMask;

/**
 * Delivers the outbox: one worker thread per channel, so a broker outage never delays the Pushgateway. Each
 * worker takes its channel's due entries oldest first and hands them to the channel in chunks of its
 * {@link Notifier#maxBatch()} (RabbitMQ: the whole batch under one confirm wait); the entries a chunk delivered are
 * marked delivered together, the first one it did not is marked failed with a capped exponential backoff and the
 * error (passwords masked). After a
 * failure the worker leaves the rest of the batch for its next round, since the channel is most likely down.
 * The dispatcher does not own the notifiers: whoever built them closes them after {@link #close()}.
 */
public final class OutboxDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final int MAX_ERROR_LENGTH = 1000;
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final Outbox outbox;
    private final DispatcherSettings settings;
    private final Clock clock;
    private final List<Worker> workers;
    private volatile boolean running;
    private boolean started;

    public OutboxDispatcher(Outbox outbox, List<Notifier> notifiers, DispatcherSettings settings, Clock clock) {
        this.outbox = outbox;
        this.settings = settings;
        this.clock = clock;
        Set<String> names = new HashSet<>();
        for (Notifier n : notifiers) {
            if (!names.add(n.name())) {
                throw new IllegalArgumentException("two notifiers share the channel name '" + n.name() + "'");
            }
        }
        this.workers = notifiers.stream().map(Worker::new).toList();
    }

    /** Starts one worker thread per channel; a second call does nothing. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        running = true;
        for (Worker w : workers) {
            w.thread.start();
        }
        log.info("outbox dispatcher started for channels {}", workers.stream().map(w -> w.notifier.name()).toList());
    }

    /** Makes every channel look for due entries now (e.g. right after a tick committed new violations). */
    public void wakeUp() {
        workers.forEach(Worker::wake);
    }

    /** Undelivered entries of the channels this dispatcher delivers to. */
    public long pending() {
        return outbox.pending(workers.stream().map(w -> w.notifier.name()).toList());
    }

    /** Stops the workers after their current delivery; undelivered entries stay in the outbox. */
    @Override
    public synchronized void close() {
        running = false;
        wakeUp();
        for (Worker w : workers) {
            w.join();
        }
    }

    static String describe(Throwable e) {
        String text = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        if (e.getCause() != null && e.getCause() != e && e.getCause().getMessage() != null) {
            text += " (" + e.getCause().getMessage() + ")";
        }
        text = PasswordMask.mask(text);
        return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
    }

    private final class Worker implements Runnable {
        private final Notifier notifier;
        private final Semaphore wakeUps = new Semaphore(0);
        private final Thread thread;
        private int consecutiveFailures;

        Worker(Notifier notifier) {
            this.notifier = notifier;
            this.thread = new Thread(this, "outbox-" + notifier.name());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> log.error("outbox worker of channel {} stopped: nothing more is"
                    + " delivered on it until restart", notifier.name(), e));
        }

        void wake() {
            if (wakeUps.availablePermits() == 0) {
                wakeUps.release();
            }
        }

        @Override
        public void run() {
            while (running) {
                boolean more;
                try {
                    more = deliverDue();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("outbox of channel {} cannot be read: {}", notifier.name(), describe(e));
                    more = false;
                }
                if (!more) {
                    try {
                        wakeUps.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                        wakeUps.drainPermits();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        /** @return whether a full batch went through, so more may be due right away */
        private boolean deliverDue() throws InterruptedException {
            List<Outbox.Entry> due = outbox.due(notifier.name(), clock.instant(), settings.batchSize());
            int chunk = Math.max(1, notifier.maxBatch());
            for (int from = 0; from < due.size(); from += chunk) {
                if (!running || !attempt(due.subList(from, Math.min(due.size(), from + chunk)))) {
                    return false;
                }
            }
            return due.size() == settings.batchSize();
        }

        /** Delivers the entries in one go; those delivered are recorded together. @return whether all were */
        private boolean attempt(List<Outbox.Entry> entries) throws InterruptedException {
            Notifier.BatchResult result = notifier.deliverAll(entries.stream().map(Outbox.Entry::violation).toList());
            int delivered = Math.max(0, Math.min(result.delivered(), entries.size()));
            if (delivered > 0) {
                outbox.delivered(entries.subList(0, delivered).stream().map(Outbox.Entry::id).toList(),
                        clock.instant());
                if (consecutiveFailures > 0) {
                    log.info("channel {} delivering again after {} failed attempts", notifier.name(),
                            consecutiveFailures);
                    consecutiveFailures = 0;
                }
            }
            if (delivered == entries.size()) {
                return true;
            }
            // the next entry failed; the ones behind it wait for the next round, since the channel is most likely down
            Outbox.Entry entry = entries.get(delivered);
            Exception e = result.failure() != null ? result.failure()
                    : new IllegalStateException("the channel accepted " + delivered + " of " + entries.size());
            int failures = entry.attempts() + 1;
            Instant retryAt = clock.instant().plus(settings.backoff(failures));
            String error = describe(e);
            outbox.failed(entry.id(), error, retryAt);
            if (consecutiveFailures++ == 0) {
                log.warn("channel {} failed to deliver violation {}: {}; retrying with backoff", notifier.name(),
                        entry.violation().id(), error);
            } else {
                log.debug("channel {} failed to deliver violation {} (attempt {}): {}", notifier.name(),
                        entry.violation().id(), failures, error);
            }
            return false;
        }

        void join() {
            try {
                thread.join(STOP_GRACE.toMillis());
                if (thread.isAlive()) {
                    thread.interrupt();
                    thread.join(STOP_GRACE.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
