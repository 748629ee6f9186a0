package io.slaguard.profiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

class SampleScheduleTest {

    @Test
    void jitterIsAtMostHalfTheIntervalForShortIntervals() {
        assertThat(SampleSchedule.maxJitter(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(500));
        assertThat(SampleSchedule.maxJitter(Duration.ofMillis(200))).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void jitterIsAtMostThreeSecondsForLongIntervals() {
        assertThat(SampleSchedule.maxJitter(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(3));
        assertThat(SampleSchedule.maxJitter(Duration.ofSeconds(6))).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void delaysStayWithinTheIntervalPlusTheJitterAndSpreadOverIt() {
        SampleSchedule schedule = new SampleSchedule(Duration.ofSeconds(10), new SplittableRandom(42));
        Duration min = Duration.ofDays(1);
        Duration max = Duration.ZERO;
        for (int i = 0; i < 10_000; i++) {
            Duration delay = schedule.nextDelay();
            assertThat(delay).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(13));
            min = delay.compareTo(min) < 0 ? delay : min;
            max = delay.compareTo(max) > 0 ? delay : max;
        }
        // spread over the whole range, not stuck at one end
        assertThat(min).isLessThan(Duration.ofMillis(10_100));
        assertThat(max).isGreaterThan(Duration.ofMillis(12_900));
    }

    @Test
    void extremesOfTheRandomSourceGiveTheBounds() {
        assertThat(scheduleWith(Duration.ofSeconds(1), bound -> 0).nextDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(scheduleWith(Duration.ofSeconds(1), bound -> bound - 1).nextDelay())
                .isEqualTo(Duration.ofMillis(1500));
    }

    /** A random source that answers nextLong(bound) with a fixed function of the bound. */
    private interface FixedLong extends RandomGenerator {
        long pick(long bound);

        @Override
        default long nextLong(long bound) {
            return pick(bound);
        }

        @Override
        default long nextLong() {
            throw new UnsupportedOperationException();
        }
    }

    private static SampleSchedule scheduleWith(Duration interval, FixedLong random) {
        return new SampleSchedule(interval, random);
    }
}
