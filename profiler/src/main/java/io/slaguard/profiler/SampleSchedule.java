package io.slaguard.profiler;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When the next sample is due: the interval plus a random jitter in [0, min(3 s, interval / 2)], so the workers
 * of a map job, started together, do not all push at the same instant. Used under its call's lock only; each call
 * gets its own independently seeded generator so workers in different JVMs do not share a jitter sequence.
 */
final class SampleSchedule {
    static final Duration MAX_JITTER = Duration.ofSeconds(3);

    private final Duration interval;
    private final long maxJitterNanos;
    private final RandomGenerator random;

    SampleSchedule(Duration interval, RandomGenerator random) {
        this.interval = interval;
        this.maxJitterNanos = maxJitter(interval).toNanos();
        this.random = random;
    }

    static Duration maxJitter(Duration interval) {
        Duration half = interval.dividedBy(2);
        return half.compareTo(MAX_JITTER) < 0 ? half : MAX_JITTER;
    }

    Duration nextDelay() {
        long jitter = maxJitterNanos == 0 ? 0 : random.nextLong(maxJitterNanos + 1);
        return interval.plusNanos(jitter);
    }
}
