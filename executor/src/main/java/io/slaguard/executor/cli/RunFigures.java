package io.slaguard.executor.cli;

import java.time.Instant;
import java.util.List;

import io.slaguard.executor.api.AttemptState;
import io.slaguard.executor.api.CallState;
import io.slaguard.executor.api.CallStatus;

/** What a run has done so far, computed from its call records. */
record RunFigures(int calls, int started, int succeeded, int failed, int cancelled, int attempts,
                  int cancelledAttempts, double memorySeconds) {

    static RunFigures of(List<CallStatus> calls, Instant now) {
        int started = 0;
        int succeeded = 0;
        int failed = 0;
        int cancelled = 0;
        int attempts = 0;
        int cancelledAttempts = 0;
        double memorySeconds = 0;
        for (CallStatus call : calls) {
            if (call.firstStart() != null) {
                started++;
            }
            if (call.state() == CallState.SUCCEEDED) {
                succeeded++;
            } else if (call.state() == CallState.FAILED) {
                failed++;
            } else if (call.state() == CallState.CANCELLED) {
                cancelled++;
            }
            attempts += (int) call.attempts().stream().filter(a -> a.start() != null).count();
            cancelledAttempts += (int) call.attempts().stream().filter(a -> a.state() == AttemptState.CANCELLED).count();
            memorySeconds += call.memorySeconds(now);
        }
        return new RunFigures(calls.size(), started, succeeded, failed, cancelled, attempts, cancelledAttempts,
                memorySeconds);
    }

    int finished() {
        return succeeded + failed + cancelled;
    }

    double cost(double unitCost) {
        return memorySeconds * unitCost;
    }
}
