package io.slaguard.bench.executor;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.slaguard.executor.api.AttemptState;
import io.slaguard.executor.api.AttemptStatus;
import io.slaguard.executor.api.CallState;
import io.slaguard.executor.api.CallStatus;

/** Decides, from the calls' records at one instant, which running calls deserve a backup attempt. */
interface SpeculationPolicy {

    String name();

    /** Call ids to back up now. */
    List<String> stragglers(List<CallStatus> calls, Instant now);

    /** No speculation at all. */
    SpeculationPolicy NONE = new SpeculationPolicy() {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public List<String> stragglers(List<CallStatus> calls, Instant now) {
            return List.of();
        }
    };

    /**
     * This system's tooLong guarantee evaluated on the records: a running attempt whose start + TFACTOR × mean
     * duration of the job's finished calls lies in the past (docs/architecture.md#shipped-guarantees).
     */
    static SpeculationPolicy tooLong(double tfactor) {
        return new SpeculationPolicy() {
            @Override
            public String name() {
                return "tooLong (TFACTOR " + tfactor + " × mean)";
            }

            @Override
            public List<String> stragglers(List<CallStatus> calls, Instant now) {
                double[] finished = finishedDurations(calls);
                if (finished.length == 0) {
                    return List.of();
                }
                double deadline = tfactor * Arrays.stream(finished).average().orElseThrow();
                return runningLongerThan(calls, now, deadline);
            }
        };
    }

    /**
     * Spark's speculation: once {@code quantile} of the tasks are done, a task running longer than
     * {@code multiplier} × the median duration of the finished ones gets a speculative copy.
     */
    static SpeculationPolicy spark(double quantile, double multiplier) {
        return new SpeculationPolicy() {
            @Override
            public String name() {
                return "Spark (quantile " + quantile + ", " + multiplier + " × median)";
            }

            @Override
            public List<String> stragglers(List<CallStatus> calls, Instant now) {
                double[] finished = finishedDurations(calls);
                if (finished.length < Math.ceil(quantile * calls.size())) {
                    return List.of();
                }
                return runningLongerThan(calls, now, multiplier * median(finished));
            }
        };
    }

    /** Cubed's backup tasks: once half the tasks are done, a task running longer than 3 × the median gets a backup. */
    static SpeculationPolicy cubed() {
        return new SpeculationPolicy() {
            @Override
            public String name() {
                return "Cubed (3 × median once half done)";
            }

            @Override
            public List<String> stragglers(List<CallStatus> calls, Instant now) {
                double[] finished = finishedDurations(calls);
                if (finished.length < Math.ceil(0.5 * calls.size())) {
                    return List.of();
                }
                return runningLongerThan(calls, now, 3 * median(finished));
            }
        };
    }

    /** Seconds each succeeded call's winning attempt ran. */
    private static double[] finishedDurations(List<CallStatus> calls) {
        return calls.stream().filter(c -> c.state() == CallState.SUCCEEDED)
                .map(c -> c.attempts().get(c.winner()))
                .mapToDouble(a -> Duration.between(a.start(), a.end()).toNanos() / 1e9).toArray();
    }

    private static List<String> runningLongerThan(List<CallStatus> calls, Instant now, double seconds) {
        return calls.stream().filter(c -> !c.state().isFinal())
                .filter(c -> c.attempts().stream().anyMatch(a -> a.state() == AttemptState.RUNNING
                        && runningSeconds(a, now) > seconds))
                .map(CallStatus::callId).toList();
    }

    private static double runningSeconds(AttemptStatus attempt, Instant now) {
        return Duration.between(attempt.start(), now).toNanos() / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
