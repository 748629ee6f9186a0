package io.slaguard.executor.api;

import java.time.Instant;
import java.util.List;

/**
 * A call as seen now.
 *
 * @param callId   e.g. {@code 58d244-0-M001-00003}
 * @param jobId    its job
 * @param input    the input it was given
 * @param memoryMb memory setting of its job
 * @param state    where it stands
 * @param winner   the attempt whose result completed the call, or -1
 * @param attempts every attempt, oldest first
 */
public record CallStatus(String callId, String jobId, String input, int memoryMb, CallState state, int winner,
                         List<AttemptStatus> attempts) {

    public CallStatus {
        attempts = List.copyOf(attempts);
    }

    public int attemptCount() {
        return attempts.size();
    }

    /** When the first attempt began user code, or null. */
    public Instant firstStart() {
        return attempts.stream().map(AttemptStatus::start).filter(s -> s != null).min(Instant::compareTo).orElse(null);
    }

    /** When the call finished (the winner's end, or the last attempt's end), or null while unfinished. */
    public Instant finishedAt() {
        if (!state.isFinal()) {
            return null;
        }
        return attempts.stream().map(AttemptStatus::end).filter(e -> e != null).max(Instant::compareTo).orElse(null);
    }

    /** MB·s consumed by every attempt (running ones up to {@code now}): what the tooCostly rule counts. */
    public double memorySeconds(Instant now) {
        double seconds = attempts.stream().mapToDouble(a -> a.runtime(now).toNanos() / 1e9).sum();
        return seconds * memoryMb;
    }
}
