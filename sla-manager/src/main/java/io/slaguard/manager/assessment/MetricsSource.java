package io.slaguard.manager.assessment;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where the loop reads metrics: a Prometheus-compatible query API. */
public interface MetricsSource {

    /** One series of an instant vector: labels and value. A scalar result is one series with no labels. */
    record Sample(Map<String, String> labels, double value) {
        /** Labels read-only, in their order: one answer may be shared by several agreements. */
        public Sample {
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }
    }

    /**
     * Evaluates an instant query at {@code time}.
     *
     * @throws MetricsSourceException when the source is unreachable, answers an error, or exceeds {@code timeout}
     */
    List<Sample> query(String promql, Instant time, Duration timeout) throws MetricsSourceException;

    /**
     * The source's version, e.g. {@code 2.42.0}, or empty when it reports none (VictoriaMetrics); decides
     * holt_winters vs double_exponential_smoothing.
     */
    String version() throws MetricsSourceException;

    /** The source could not answer: nothing may be concluded from it. */
    class MetricsSourceException extends Exception {
        public MetricsSourceException(String message, Throwable cause) {
            super(message, cause);
        }

        public MetricsSourceException(String message) {
            super(message);
        }
    }
}
