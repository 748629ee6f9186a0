package io.slaguard.manager.learning.training;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.slaguard.manager.learning.history.HistoryRow;
import io.slaguard.manager.learning.models.CallFeatures;
import io.slaguard.manager.learning.models.DurationModel;
import io.slaguard.manager.learning.models.DurationModelTrainer;
import io.slaguard.manager.learning.models.DurationPrediction;
import io.slaguard.manager.learning.models.ModelReport;
import io.slaguard.protocol.Learning;

/**
 * The model served per function (the newest version that beat its baseline), and its live error on the attempts
 * recorded since. Read by the prediction exporter and the API, replaced by the training thread; models are immutable.
 */
public final class ServedModels {
    private static final Logger log = LoggerFactory.getLogger(ServedModels.class);

    private final Map<String, Served> served = new ConcurrentHashMap<>();

    /** A served model and its running absolute error on attempts that ended since it was served. */
    private record Served(DurationModel model, double absoluteErrorSum, long observed) {
        Served observe(double error) {
            return new Served(model, absoluteErrorSum + error, observed + 1);
        }
    }

    /** The function's features as the model sees them. */
    public static CallFeatures features(Double memoryMb, Double inputBytes, Double jobTotalCalls) {
        return new CallFeatures(orNaN(memoryMb), orNaN(inputBytes), orNaN(jobTotalCalls));
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }

    /** Loads the newest servable version of every function from the store (at start-up). */
    public void load(ModelStore store, DurationModelTrainer trainer) {
        for (String function : store.servableFunctions()) {
            try {
                store.newestServable(function).map(trainer::deserialize).ifPresent(this::serve);
            } catch (RuntimeException e) {
                // a model written by an incompatible version: the next training replaces it
                log.warn("model of {} cannot be read, not served until retrained: {}", function, e.getMessage());
            }
        }
    }

    public void serve(DurationModel model) {
        served.put(model.report().functionName(), new Served(model, 0, 0));
    }

    public Optional<DurationPrediction> predict(String functionName, CallFeatures features) {
        Served current = functionName == null ? null : served.get(functionName);
        return current == null ? Optional.empty() : Optional.of(current.model().predict(features));
    }

    /** {@link #predict} for many calls of the function at once; empty when none of its models is served. */
    public Optional<List<DurationPrediction>> predictAll(String functionName, List<CallFeatures> features) {
        Served current = functionName == null ? null : served.get(functionName);
        return current == null ? Optional.empty() : Optional.of(current.model().predictAll(features));
    }

    public Optional<ModelReport> report(String functionName) {
        return Optional.ofNullable(served.get(functionName)).map(s -> s.model().report());
    }

    public List<ModelReport> reports() {
        return served.values().stream().map(s -> s.model().report()).toList();
    }

    /** Mean absolute error of the function's served median on attempts ended since it was served; NaN before any. */
    public double liveMae(String functionName) {
        Served current = served.get(functionName);
        return current == null || current.observed() == 0 ? Double.NaN
                : current.absoluteErrorSum() / current.observed();
    }

    /** An attempt the history recorded: counts toward the live error when it ended and its function is served. */
    public void observe(HistoryRow row) {
        if (!Learning.OUTCOME_ENDED.equals(row.outcome())) {
            return;
        }
        served.computeIfPresent(row.functionName(), (name, current) -> {
            double predicted = current.model()
                    .predict(features(row.memoryMb(), row.inputBytes(), row.jobTotalCalls())).p50Seconds();
            return Double.isFinite(predicted) ? current.observe(Math.abs(predicted - row.durationSeconds())) : current;
        });
    }
}
