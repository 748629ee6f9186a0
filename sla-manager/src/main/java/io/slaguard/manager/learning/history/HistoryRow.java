package io.slaguard.manager.learning.history;

/**
 * One finished attempt as the history keeps it. Times are the telemetry's epoch seconds; memory, total calls and
 * input size are null where the worker pushed none.
 */
public record HistoryRow(String instance, String jobId, String callId, int attempt, String functionName,
                         Double memoryMb, Double jobTotalCalls, Double inputBytes, double startedAt, double endedAt,
                         String outcome, ProfileSummary profile) {

    public double durationSeconds() {
        return endedAt - startedAt;
    }
}
