package io.slaguard.manager.loop;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Runs a task at a fixed rate on one scheduler: each run starts one period after the previous run started, or at
 * once when that run took longer. Runs never overlap, and runs missed during a long one are not caught up in a
 * burst (unlike {@link ScheduledExecutorService#scheduleAtFixedRate}): one run, then the rate again from there.
 * The first run starts at once. Stops when the scheduler is shut down.
 */
final class FixedRateTicker {
    private final ScheduledExecutorService scheduler;
    private final long periodNanos;
    private final LongSupplier nanoTime;
    private final Runnable task;

    /**
     * @param scheduler a scheduler that drops delayed tasks on shutdown, or a stopped loop waits out a period
     * @param nanoTime  a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests
     */
    FixedRateTicker(ScheduledExecutorService scheduler, Duration period, LongSupplier nanoTime, Runnable task) {
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("tick period must be positive, got " + period);
        }
        this.scheduler = scheduler;
        this.periodNanos = period.toNanos();
        this.nanoTime = nanoTime;
        this.task = task;
    }

    void start() {
        scheduler.execute(this::runAndScheduleNext);
    }

    private void runAndScheduleNext() {
        long started = nanoTime.getAsLong();
        try {
            task.run();
        } finally {
            long delay = Math.max(0, started + periodNanos - nanoTime.getAsLong());
            try {
                scheduler.schedule(this::runAndScheduleNext, delay, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // shut down: no further runs
            }
        }
    }
}
