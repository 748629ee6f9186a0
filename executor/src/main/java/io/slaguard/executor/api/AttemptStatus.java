package io.slaguard.executor.api;

import java.time.Duration;
import java.time.Instant;

/**
 * One attempt of a call, as seen now.
 *
 * @param attempt  0 for the first run, 1, 2, … for relaunches
 * @param state    where it stands
 * @param start    when user code began, or null
 * @param end      when it finished or was cancelled, or null
 * @param exitCode the process exit code (local commands), or null
 * @param error    why it failed, or null
 * @param message  the error detail (stderr tail, exception, Lambda error payload), or null
 * @param profile  the profiler's summary of the attempt, or null when not profiled
 */
public record AttemptStatus(int attempt, AttemptState state, Instant start, Instant end, Integer exitCode,
                            ErrorKind error, String message, AttemptProfile profile) {

    /** Time spent running user code so far (to {@code now} while running), zero if it never started. */
    public Duration runtime(Instant now) {
        if (start == null) {
            return Duration.ZERO;
        }
        return Duration.between(start, end == null ? now : end);
    }
}
