package io.slaguard.manager.learning.predictions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

    /** The served model of a function, asked for many calls at once (one native call for xgboost). */
    @FunctionalInterface
    public interface Predictor {
        /** One prediction per features, in order; empty when no model of the function is served. */
        Optional<List<DurationPrediction>> predictAll(String functionName, List<CallFeatures> features);
    }

    /** The predictions and forecasts of one snapshot. */
    public record Result(List<CallPrediction> running, Map<String, Double> costByInstance) {
    }

    public static Result of(TelemetrySnapshot snapshot, Predictor predictor) {
        Map<String, Double> cost = new HashMap<>();
        Map<JobKey, Set<String>> startedCalls = new HashMap<>();
        // what to ask each function's model: the running calls (once each), then the jobs' calls not started
        Map<String, List<Attempt>> runningByFunction = new LinkedHashMap<>();
        Set<CallKey> asked = new HashSet<>();
        for (Attempt attempt : snapshot.attempts()) {
            startedCalls.computeIfAbsent(attempt.job(), k -> new HashSet<>()).add(attempt.callId());
            if (attempt.finished()) {
                cost.merge(attempt.instance(), Math.max(0, attempt.secondsRun(snapshot.at())) * memory(snapshot, attempt.job()),
                        Double::sum);
            } else if (asked.add(attempt.call())) {
                runningByFunction.computeIfAbsent(attempt.functionName(), k -> new ArrayList<>()).add(attempt);
            }
        }
        Map<String, List<Job>> waitingByFunction = new LinkedHashMap<>();
        for (Job job : snapshot.jobs().values()) {
            if (notStarted(job, startedCalls) > 0) {
                waitingByFunction.computeIfAbsent(job.functionName(), k -> new ArrayList<>()).add(job);
            }
        }
        Set<String> functions = new HashSet<>(runningByFunction.keySet());
        functions.addAll(waitingByFunction.keySet());

        Map<CallKey, DurationPrediction> callPredictions = new HashMap<>();
        List<CallPrediction> running = new ArrayList<>();
        for (String function : functions) {
            List<Attempt> calls = runningByFunction.getOrDefault(function, List.of());
            List<Job> waiting = waitingByFunction.getOrDefault(function, List.of());
            List<CallFeatures> features = new ArrayList<>(calls.size() + waiting.size());
            calls.forEach(a -> features.add(features(snapshot.jobs().get(a.job()), snapshot.inputBytesOf(a.call()))));
            waiting.forEach(job -> features.add(features(job, Double.NaN)));
            Optional<List<DurationPrediction>> predicted = function == null ? Optional.empty()
                    : predictor.predictAll(function, features);
            if (predicted.isEmpty()) {
                continue;
            }
            List<DurationPrediction> answers = predicted.get();
            for (int i = 0; i < calls.size(); i++) {
                Attempt a = calls.get(i);
                callPredictions.put(a.call(), answers.get(i));
                running.add(new CallPrediction(a.instance(), a.jobId(), a.callId(), a.functionName(), answers.get(i)));
            }
            for (int i = 0; i < waiting.size(); i++) {
                Job job = waiting.get(i);
                double median = finite(answers.get(calls.size() + i).p50Seconds());
                cost.merge(job.key().instance(), notStarted(job, startedCalls) * median * memory(job), Double::sum);
            }
        }
        // every running attempt (a backup too) costs its age, or its call's predicted median if that is more
        for (Attempt attempt : snapshot.attempts()) {
            if (!attempt.finished()) {
                DurationPrediction predicted = callPredictions.get(attempt.call());
                double seconds = Math.max(0, attempt.secondsRun(snapshot.at()));
                if (predicted != null) {
                    seconds = Math.max(seconds, finite(predicted.p50Seconds()));
                }
                cost.merge(attempt.instance(), seconds * memory(snapshot, attempt.job()), Double::sum);
            }
        }
        return new Result(running, cost);
    }

    private static double notStarted(Job job, Map<JobKey, Set<String>> startedCalls) {
        int started = startedCalls.getOrDefault(job.key(), Set.of()).size();
        return Double.isFinite(job.totalCalls()) ? Math.max(0, job.totalCalls() - started) : 0;
    }

    private static CallFeatures features(Job job, double inputBytes) {
        return job == null ? new CallFeatures(Double.NaN, inputBytes, Double.NaN)
                : new CallFeatures(job.memoryMb(), inputBytes, job.totalCalls());
    }

    private static double memory(TelemetrySnapshot snapshot, JobKey job) {
        return memory(snapshot.jobs().get(job));
    }

    /** A job whose memory is not known costs nothing yet: what the tooCostly template counts, too. */
    private static double memory(Job job) {
        return job == null || !Double.isFinite(job.memoryMb()) || job.memoryMb() < 0 ? 0 : job.memoryMb();
    }

    private static double finite(double seconds) {
        return Double.isFinite(seconds) && seconds > 0 ? seconds : 0;
    }
}
