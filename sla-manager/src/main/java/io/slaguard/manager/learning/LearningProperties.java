package io.slaguard.manager.learning;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.slaguard.manager.config.InvalidConfigurationException;

/**
 * The learning plane's settings ({@code sla.learning.*}).
 *
 * @param enabled     false: no history, no training, no prediction series (every agreement still works)
 * @param history     the sensor
 * @param training    background retraining
 * @param predictions the exported series
 */
@ConfigurationProperties("sla.learning")
public record LearningProperties(@DefaultValue("true") boolean enabled, @DefaultValue History history,
                                 @DefaultValue Training training, @DefaultValue Predictions predictions) {

    /**
     * @param period    time between two reads of the finished attempts
     * @param retention attempts that ended longer ago than this are deleted
     */
    public record History(@DefaultValue("5s") Duration period, @DefaultValue("30d") Duration retention) {
        public History {
            positive("sla.learning.history.period", period);
            positive("sla.learning.history.retention", retention);
        }
    }

    /**
     * @param period       time between two checks for functions with enough new history
     * @param retrainAfter attempts of a function that must have ended since its newest model to retrain it
     * @param maxSamples   newest ended attempts one training uses at most
     * @param keepVersions model versions kept per function (the served one always stays)
     */
    public record Training(@DefaultValue("30s") Duration period, @DefaultValue("20") int retrainAfter,
                           @DefaultValue("100000") int maxSamples, @DefaultValue("5") int keepVersions) {
        public Training {
            positive("sla.learning.training.period", period);
            atLeastOne("sla.learning.training.retrain-after", retrainAfter);
            atLeastOne("sla.learning.training.max-samples", maxSamples);
            atLeastOne("sla.learning.training.keep-versions", keepVersions);
        }
    }

    /** @param period time between two refreshes of the prediction series (Prometheus sees them at its next scrape) */
    public record Predictions(@DefaultValue("1s") Duration period) {
        public Predictions {
            positive("sla.learning.predictions.period", period);
        }
    }

    private static void positive(String key, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new InvalidConfigurationException(key, value, "must be a positive duration");
        }
    }

    private static void atLeastOne(String key, int value) {
        if (value < 1) {
            throw new InvalidConfigurationException(key, value, "must be at least 1");
        }
    }
}
