package io.slaguard.manager.learning.telemetry;

/** A job as its job group shows it; NaN where a value was not pushed. */
public record Job(JobKey key, String functionName, double totalCalls, double memoryMb) {
}
