package io.slaguard.manager.learning.training;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.slaguard.manager.learning.history.AttemptHistory;
import io.slaguard.manager.learning.history.HistoryRow;
import io.slaguard.manager.learning.models.DurationModel;
import io.slaguard.manager.learning.models.DurationModelTrainer;
import io.slaguard.manager.learning.models.ModelReport;
import io.slaguard.manager.learning.models.TrainingSample;

/**
 * Retrains a function's model in the background once enough attempts of it ended since its last training, and on
 * request. Every version is stored with its report; the served one is replaced only by a version that beat its
 * baseline (the trainer's verdict, {@link ModelReport#served()}). Runs on the one thread it is given.
 */
public final class TrainingScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrainingScheduler.class);

    private final AttemptHistory history;
    private final ModelStore store;
    private final ServedModels served;
    private final DurationModelTrainer trainer;
    private final TrainingSettings settings;
    private final Clock clock;
    private final ExecutorService thread;

    public TrainingScheduler(AttemptHistory history, ModelStore store, ServedModels served, DurationModelTrainer trainer,
                             TrainingSettings settings, Clock clock, ExecutorService thread) {
        this.history = history;
        this.store = store;
        this.served = served;
        this.trainer = trainer;
        this.settings = settings;
        this.clock = clock;
        this.thread = thread;
    }

    /** Stops the training thread; a training under way is interrupted. */
    @Override
    public void close() {
        thread.shutdownNow();
    }

    /** Trains every function with at least {@code retrainAfter} attempts ended since its newest version. */
    public void checkAll() {
        try {
            for (AttemptHistory.FunctionProgress function : history.progress()) {
                long since = store.lastHistorySeq(function.functionName());
                if (function.lastSeq() > since
                        && history.endedSince(function.functionName(), since) >= settings.retrainAfter()) {
                    train(function.functionName());
                }
            }
        } catch (RuntimeException e) {
            log.warn("training: cannot check the history now, retrying next period: {}", e.getMessage());
        }
    }

    /** Queues a training of the given functions (all with history when empty) on the training thread. */
    public Future<List<ModelReport>> retrain(List<String> functions) {
        return thread.submit(() -> {
            List<String> names = functions.isEmpty()
                    ? history.progress().stream().map(AttemptHistory.FunctionProgress::functionName).toList()
                    : functions;
            List<ModelReport> reports = new ArrayList<>();
            for (String name : names) {
                train(name).ifPresent(reports::add);
            }
            return reports;
        });
    }

    private Optional<ModelReport> train(String functionName) {
        List<AttemptHistory.Entry> entries = history.latestEnded(functionName, settings.maxSamples());
        List<TrainingSample> samples = new ArrayList<>(entries.size());
        for (AttemptHistory.Entry entry : entries) {
            HistoryRow row = entry.row();
            double duration = row.durationSeconds();
            if (Double.isFinite(duration) && duration > 0) {
                samples.add(new TrainingSample(
                        ServedModels.features(row.memoryMb(), row.inputBytes(), row.jobTotalCalls()), duration));
            }
        }
        if (samples.isEmpty()) {
            return Optional.empty();
        }
        long historySeq = entries.get(0).seq();
        long version = store.latestVersion(functionName) + 1;
        long began = System.nanoTime();
        DurationModel model = trainer.train(functionName, samples, version, clock.instant());
        ModelReport report = model.report();
        store.save(model, historySeq);
        store.prune(functionName, settings.keepVersions());
        if (report.served()) {
            served.serve(model);
        }
        log.info("trained {} v{} on {} attempts in {} ms: {} held-out MAE {} s against the baseline's {} s, {}",
                functionName, version, samples.size(), (System.nanoTime() - began) / 1_000_000, report.kind(),
                report.heldOutMae(), report.baselineMae(), report.served() ? "served" : "not served");
        return Optional.of(report);
    }
}
