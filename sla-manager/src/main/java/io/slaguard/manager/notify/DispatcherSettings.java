package io.slaguard.manager.notify;

import java.time.Duration;

import io.slaguard.protocol.Backoff;

/**
 * Settings of the outbox dispatcher.
 *
 * @param pollInterval how often each channel looks for due entries when nobody wakes it
 * @param batchSize    entries taken per look
 * @param backoffMin   delay before the first retry of a failed delivery; doubled per further failure
 * @param backoffMax   cap of that delay
 */
public record DispatcherSettings(Duration pollInterval, int batchSize, Duration backoffMin, Duration backoffMax) {

    public DispatcherSettings {
        SettingsChecks.requirePositive(pollInterval, "outbox poll interval");
        SettingsChecks.requirePositive(backoffMin, "outbox backoff minimum");
        SettingsChecks.requirePositive(backoffMax, "outbox backoff maximum");
        if (batchSize < 1) {
            throw new IllegalArgumentException("outbox batch size must be at least 1: " + batchSize);
        }
        if (backoffMax.compareTo(backoffMin) < 0) {
            throw new IllegalArgumentException("outbox backoff maximum " + backoffMax + " is below the minimum " + backoffMin);
        }
    }

    /** Poll every second, 100 per batch, retry after 1 s doubling up to 1 min. */
    public static DispatcherSettings defaults() {
        return new DispatcherSettings(Duration.ofSeconds(1), 100, Duration.ofSeconds(1), Duration.ofMinutes(1));
    }

    /** Delay before the next attempt of an entry that has failed {@code failures} times (≥ 1). */
    public Duration backoff(int failures) {
        return new Backoff(backoffMin, backoffMax).delay(Math.max(1, failures));
    }
}
