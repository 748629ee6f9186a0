package io.slaguard.testsupport;

import java.util.List;
import java.util.Map;

/** The query engines the manager is tested on; each starts scraping the given jobs every second. */
public enum EngineKind {
    PROMETHEUS("Prometheus"),
    VICTORIA_METRICS("VictoriaMetrics");

    private final String displayName;

    EngineKind(String displayName) {
        this.displayName = displayName;
    }

    /** Starts this engine with one scrape job per entry: job name → {@code host:port} targets. */
    public QueryEngine launch(Map<String, List<String>> jobs) {
        return switch (this) {
            case PROMETHEUS -> PrometheusServer.launch(jobs);
            case VICTORIA_METRICS -> VictoriaMetricsServer.launch(jobs);
        };
    }

    @Override
    public String toString() {
        return displayName;
    }
}
