package io.slaguard.manager.assessment;

import java.time.Duration;
import java.util.List;

import io.slaguard.manager.model.Predictor;

/**
 * Settings of the assessment: {@code transientTime} (after a key fired, the same agreement/guarantee/key stays
 * quiet this long; 0 = fire at every tick it violates), {@code defaultPredictor} (the global predictor, null for
 * none; an agreement's own predictor overrides it), {@code queryTimeout} (per Prometheus query, enforced on both
 * ends), {@code maxLastValues} (cap of {@code last_values} per guarantee).
 */
public record AssessmentSettings(Duration transientTime, Predictor defaultPredictor, Duration queryTimeout,
                                 int maxLastValues) {
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_LAST_VALUES = 100;

    public AssessmentSettings {
        transientTime = transientTime == null ? Duration.ZERO : transientTime;
        if (transientTime.isNegative()) {
            throw new IllegalArgumentException("transientTime must not be negative, got " + transientTime);
        }
        queryTimeout = queryTimeout == null ? DEFAULT_QUERY_TIMEOUT : queryTimeout;
        if (queryTimeout.isNegative() || queryTimeout.isZero()) {
            throw new IllegalArgumentException("query timeout must be positive, got " + queryTimeout);
        }
        if (maxLastValues < 1) {
            throw new IllegalArgumentException("maxLastValues must be at least 1, got " + maxLastValues);
        }
        if (defaultPredictor != null) {
            List<String> problems = ViolationQueryCompiler.validatePredictor(defaultPredictor);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("prometheusPredictor: " + String.join("; ", problems));
            }
        }
    }

    /** No transient time, no predictor, 5 s query timeout, 100 last values. */
    public static AssessmentSettings defaults() {
        return new AssessmentSettings(Duration.ZERO, null, DEFAULT_QUERY_TIMEOUT, DEFAULT_MAX_LAST_VALUES);
    }
}
