package io.slaguard.protocol;

import java.time.Duration;

/**
 * Exponential pause after consecutive failures: initial, 2×, 4×, … capped at max. The one backoff of every
 * module (profiler samples, executor telemetry, the manager's outbox).
 */
public record Backoff(Duration initial, Duration max) {
    public static final Duration DEFAULT_INITIAL = Duration.ofMillis(250);

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + ", " + max);
        }
    }

    /** The default first pause, or max if that is shorter. */
    public static Backoff upTo(Duration max) {
        return new Backoff(DEFAULT_INITIAL.compareTo(max) < 0 ? DEFAULT_INITIAL : max, max);
    }

    /** Pause after the given number of consecutive failures (0 → none). */
    public Duration delay(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - 1, 62);
        long nanos = initial.toNanos();
        long capped = max.toNanos();
        return Duration.ofNanos(nanos > (capped >> doublings) ? capped : Math.min(capped, nanos << doublings));
    }
}
