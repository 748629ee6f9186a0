package io.slaguard.testsupport;

/** The query engines the manager is tested on. */
public enum EngineKind {
    PROMETHEUS("Prometheus"),
    VICTORIA_METRICS("VictoriaMetrics");

    private final String displayName;

    EngineKind(String displayName) {
        this.displayName = displayName;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
