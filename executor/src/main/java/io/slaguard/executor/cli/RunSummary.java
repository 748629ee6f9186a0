package io.slaguard.executor.cli;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.slaguard.executor.api.AttemptStatus;
import io.slaguard.executor.api.CallState;
import io.slaguard.executor.api.CallStatus;
import io.slaguard.protocol.Violations;
import io.slaguard.remediation.RemediationActions.Outcome;
import io.slaguard.remediation.RemediationMetrics;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code run --json} prints: the summary table's figures as one JSON document, and the calls that did not
 * succeed with their last error.
 */
record RunSummary(String instance, double makespanSeconds, int calls, int succeeded, int failed, int cancelled,
                  int attempts, long relaunches, long reinvocations, int cancelledAttempts, boolean instanceCancelled,
                  double memorySeconds, double unitCost, double estimatedCost, List<Unsuccessful> unsuccessful) {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** A call that failed or was cancelled; error, exit code and message are those of its last attempt. */
    record Unsuccessful(String callId, String state, String error, Integer exitCode, String message) {
    }

    static RunSummary of(String instance, Duration makespan, List<CallStatus> calls, RunFigures figures,
                         RemediationMetrics remediation, double unitCost) {
        List<Unsuccessful> unsuccessful = calls.stream().filter(c -> c.state() != CallState.SUCCEEDED).map(c -> {
            AttemptStatus last = c.attempts().isEmpty() ? null : c.attempts().get(c.attempts().size() - 1);
            return new Unsuccessful(c.callId(), c.state().name().toLowerCase(Locale.ROOT),
                    last == null || last.error() == null ? null : last.error().toString(),
                    last == null ? null : last.exitCode(), last == null ? null : last.message());
        }).toList();
        return new RunSummary(instance, makespan.toMillis() / 1000.0, figures.calls(), figures.succeeded(),
                figures.failed(), figures.cancelled(), figures.attempts(),
                (long) remediation.value(Violations.ACTION_START_BACKUP, Outcome.APPLIED),
                (long) remediation.value(Violations.ACTION_REINVOKE, Outcome.APPLIED), figures.cancelledAttempts(),
                remediation.value(Violations.ACTION_CANCEL_INSTANCE, Outcome.APPLIED) > 0, figures.memorySeconds(),
                unitCost, figures.cost(unitCost), unsuccessful);
    }

    String toJson() {
        return MAPPER.writeValueAsString(this);
    }
}
