package io.slaguard.executor.telemetry;

/**
 * What the telemetry sender has done so far.
 *
 * @param sent     requests the Pushgateway accepted
 * @param failures requests that failed and were retried (Pushgateway down or erroring)
 * @param rejected requests the Pushgateway refused (4xx) and that were dropped
 * @param pending  requests waiting to be sent
 */
public record TelemetryStats(long sent, long failures, long rejected, int pending) {
    public static final TelemetryStats NONE = new TelemetryStats(0, 0, 0, 0);
}
