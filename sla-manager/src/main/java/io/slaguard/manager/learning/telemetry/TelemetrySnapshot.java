package io.slaguard.manager.learning.telemetry;

import java.util.List;
import java.util.Map;

/**
 * What the workers' lifecycle telemetry says at one instant: every attempt Prometheus holds, every job, and the
 * input size of the calls whose worker pushed one.
 *
 * @param at epoch seconds of the read
 */
public record TelemetrySnapshot(double at, List<Attempt> attempts, Map<JobKey, Job> jobs,
                                Map<CallKey, Double> inputBytes) {
    public TelemetrySnapshot {
        attempts = List.copyOf(attempts);
        jobs = Map.copyOf(jobs);
        inputBytes = Map.copyOf(inputBytes);
    }

    /** The call's input size in bytes; NaN when unknown. */
    public double inputBytesOf(CallKey call) {
        return inputBytes.getOrDefault(call, Double.NaN);
    }
}
