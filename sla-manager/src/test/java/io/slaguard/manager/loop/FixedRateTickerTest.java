package io.slaguard.manager.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class FixedRateTickerTest {
    private static final Duration PERIOD = Duration.ofSeconds(5);

    /** Runs every scheduled task at once, moving the fake clock by the delay it was asked to wait. */
    private static final class FastForwardScheduler extends ScheduledThreadPoolExecutor {
        private final AtomicLong nanos;

        FastForwardScheduler(AtomicLong nanos) {
            super(1);
            this.nanos = nanos;
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            nanos.addAndGet(unit.toNanos(delay));
            return super.schedule(command, 0, unit);
        }
    }

    @Test
    void ticksStartEveryPeriodAnOverrunIsFollowedAtOnceAndMissedTicksAreNotCaughtUp() throws InterruptedException {
        AtomicLong nanos = new AtomicLong();
        FastForwardScheduler scheduler = new FastForwardScheduler(nanos);
        List<Long> tickSeconds = List.of(2L, 12L, 1L, 5L, 3L);
        List<Long> startedAt = new CopyOnWriteArrayList<>();
        new FixedRateTicker(scheduler, PERIOD, nanos::get, () -> {
            startedAt.add(TimeUnit.NANOSECONDS.toSeconds(nanos.get()));
            nanos.addAndGet(TimeUnit.SECONDS.toNanos(tickSeconds.get(startedAt.size() - 1)));
            if (startedAt.size() == tickSeconds.size()) {
                scheduler.shutdown();
            }
        }).start();

        assertThat(scheduler.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        // 0 at start-up; 5 one period after; the 12 s tick ends at 17, so the next starts then (the slots at 10 and
        // 15 are not replayed) and the rate goes on from there: 22, and 27 right as the 5 s tick at 22 ends
        assertThat(startedAt).containsExactly(0L, 5L, 17L, 22L, 27L);
    }

    @Test
    void aTickThatThrowsDoesNotStopTheRate() throws InterruptedException {
        AtomicLong nanos = new AtomicLong();
        FastForwardScheduler scheduler = new FastForwardScheduler(nanos);
        List<Long> startedAt = new CopyOnWriteArrayList<>();
        new FixedRateTicker(scheduler, PERIOD, nanos::get, () -> {
            startedAt.add(TimeUnit.NANOSECONDS.toSeconds(nanos.get()));
            if (startedAt.size() == 3) {
                scheduler.shutdown();
            }
            throw new IllegalStateException("tick failed");
        }).start();

        assertThat(scheduler.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(startedAt).containsExactly(0L, 5L, 10L);
    }

    @Test
    void aPeriodThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> new FixedRateTicker(new ScheduledThreadPoolExecutor(1), Duration.ZERO, System::nanoTime,
                () -> { })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }
}
