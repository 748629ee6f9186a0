package io.slaguard.manager.learning;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.slaguard.manager.assessment.PrometheusMetricsSource;
import io.slaguard.manager.config.SlaProperties;
import io.slaguard.manager.learning.history.AttemptHistory;
import io.slaguard.manager.learning.history.HistorySensor;
import io.slaguard.manager.learning.history.ProfileReader;
import io.slaguard.manager.learning.models.DurationModelTrainer;
import io.slaguard.manager.learning.models.TrainerSettings;
import io.slaguard.manager.learning.predictions.PredictionExporter;
import io.slaguard.manager.learning.telemetry.TelemetryReader;
import io.slaguard.manager.learning.training.ModelStore;
import io.slaguard.manager.learning.training.ServedModels;
import io.slaguard.manager.learning.training.TrainingScheduler;
import io.slaguard.manager.learning.training.TrainingSettings;
import io.slaguard.protocol.Learning;

/**
 * The learning plane: sensor, training and prediction series, each on a thread of its own, none on the assessment
 * loop's (which never calls into it: agreements see predictions only as series in Prometheus).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sla.learning.enabled", havingValue = "true", matchIfMissing = true)
public class LearningWiring {
    private static final Logger log = LoggerFactory.getLogger(LearningWiring.class);

    @Bean
    DurationModelTrainer durationModelTrainer() {
        return new DurationModelTrainer(TrainerSettings.defaults());
    }

    @Bean
    ServedModels servedModels(ModelStore store, DurationModelTrainer trainer) {
        ServedModels served = new ServedModels();
        served.load(store, trainer);
        log.info("learning: {} served model(s) loaded", served.reports().size());
        return served;
    }

    @Bean(destroyMethod = "close")
    TrainingScheduler trainingScheduler(AttemptHistory history, ModelStore store, ServedModels served,
                                        DurationModelTrainer trainer, LearningProperties properties, Clock clock) {
        LearningProperties.Training training = properties.training();
        ScheduledExecutorService thread = thread("learning-training");
        TrainingScheduler scheduler = new TrainingScheduler(history, store, served, trainer,
                new TrainingSettings(training.retrainAfter(), training.maxSamples(), training.keepVersions()), clock,
                thread);
        every(thread, training.period().toMillis(), scheduler::checkAll);
        return scheduler;
    }

    /** The sensor's and the exporter's threads, stopped with the manager. */
    record LearningLoops(ScheduledExecutorService history, ScheduledExecutorService predictions) implements AutoCloseable {
        @Override
        public void close() {
            history.shutdownNow();
            predictions.shutdownNow();
        }
    }

    @Bean(destroyMethod = "close")
    LearningLoops learningLoops(PrometheusMetricsSource prometheus, AttemptHistory history, ServedModels served,
                                LearningProperties properties, SlaProperties sla, Clock clock, MeterRegistry registry) {
        Counter recorded = Counter.builder(Learning.HISTORY_RECORDED)
                .description("finished attempts the history recorded").register(registry);
        HistorySensor sensor = new HistorySensor(new TelemetryReader(prometheus, sla.prometheus().timeout(), clock),
                new ProfileReader(prometheus, sla.prometheus().timeout()), history, properties.history().retention(),
                clock, row -> {
                    recorded.increment();
                    served.observe(row);
                });
        PredictionExporter exporter = new PredictionExporter(
                new TelemetryReader(prometheus, sla.prometheus().timeout(), clock), served, registry);
        LearningLoops loops = new LearningLoops(thread("learning-history"), thread("learning-predictions"));
        every(loops.history(), properties.history().period().toMillis(), sensor::pass);
        every(loops.predictions(), properties.predictions().period().toMillis(), exporter::pass);
        return loops;
    }

    private static ScheduledExecutorService thread(String name) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code task} every period after the previous run ended; an exception never stops the schedule. */
    private static void every(ScheduledExecutorService thread, long periodMillis, Runnable task) {
        thread.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException | LinkageError e) {
                log.error("learning: {} failed, next run in {} ms", Thread.currentThread().getName(), periodMillis, e);
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }
}
