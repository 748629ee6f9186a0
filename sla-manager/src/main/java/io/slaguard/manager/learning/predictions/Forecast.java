package io.slaguard.manager.learning.predictions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

import io.slaguard.manager.learning.models.CallFeatures;
import io.slaguard.manager.learning.models.DurationPrediction;
import io.slaguard.manager.learning.telemetry.Attempt;
import io.slaguard.manager.learning.telemetry.CallKey;
import io.slaguard.manager.learning.telemetry.Job;
import io.slaguard.manager.learning.telemetry.JobKey;
import io.slaguard.manager.learning.telemetry.TelemetrySnapshot;

/**
 * What the served models say about the calls in a telemetry snapshot: each running call's predicted duration, and
 * each instance's forecast final cost in MB·s: finished attempts at what they cost, running ones at the larger of
 * their age and their predicted median, calls not started at their predicted median. Without a model a running
 * attempt counts at its age and a call not started at nothing, so the forecast is never below what was spent.
 */
public final class Forecast {
    private Forecast() {
    }

    /** The predictions and forecasts of one snapshot. */
    public record Result(List<CallPrediction> running, Map<String, Double> costByInstance) {
    }

    /**
     * @param predictor the served model's prediction of a function's call, empty without a served model
     */
    public static Result of(TelemetrySnapshot snapshot,
                            BiFunction<String, CallFeatures, Optional<DurationPrediction>> predictor) {
        Map<String, Double> cost = new HashMap<>();
        Map<JobKey, Set<String>> startedCalls = new HashMap<>();
        Map<CallKey, CallPrediction> running = new HashMap<>();
        for (Attempt attempt : snapshot.attempts()) {
            Job job = snapshot.jobs().get(attempt.job());
            startedCalls.computeIfAbsent(attempt.job(), k -> new HashSet<>()).add(attempt.callId());
            double seconds = Math.max(0, attempt.secondsRun(snapshot.at()));
            if (!attempt.finished()) {
                Optional<DurationPrediction> predicted = predictor.apply(attempt.functionName(), features(job,
                        snapshot.inputBytesOf(attempt.call())));
                if (predicted.isPresent()) {
                    seconds = Math.max(seconds, finite(predicted.get().p50Seconds()));
                    running.putIfAbsent(attempt.call(), new CallPrediction(attempt.instance(), attempt.jobId(),
                            attempt.callId(), attempt.functionName(), predicted.get()));
                }
            }
            cost.merge(attempt.instance(), seconds * memory(job), Double::sum);
        }
        for (Job job : snapshot.jobs().values()) {
            int started = startedCalls.getOrDefault(job.key(), Set.of()).size();
            double notStarted = Double.isFinite(job.totalCalls()) ? Math.max(0, job.totalCalls() - started) : 0;
            double median = notStarted == 0 ? 0 : predictor.apply(job.functionName(), features(job, Double.NaN))
                    .map(p -> finite(p.p50Seconds())).orElse(0.0);
            cost.merge(job.key().instance(), notStarted * median * memory(job), Double::sum);
        }
        return new Result(new ArrayList<>(running.values()), cost);
    }

    private static CallFeatures features(Job job, double inputBytes) {
        return job == null ? new CallFeatures(Double.NaN, inputBytes, Double.NaN)
                : new CallFeatures(job.memoryMb(), inputBytes, job.totalCalls());
    }

    /** A job whose memory is not known costs nothing yet: what the tooCostly template counts, too. */
    private static double memory(Job job) {
        return job == null || !Double.isFinite(job.memoryMb()) || job.memoryMb() < 0 ? 0 : job.memoryMb();
    }

    private static double finite(double seconds) {
        return Double.isFinite(seconds) && seconds > 0 ? seconds : 0;
    }
}
