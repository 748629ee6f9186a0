package io.slaguard.remediation;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.slaguard.protocol.Violations;
import io.slaguard.remediation.RemediationActions.Outcome;

/**
 * The counter {@code sla_remediation_total{action,outcome}}. One per registry, shared by every consumer that
 * registers there (a registry refuses a second metric of the same name). Outcome values are the lower-case
 * {@link Outcome} names, plus {@value #REJECTED} for messages that could not be parsed. Every action and outcome
 * the consumer can record starts at 0, so the first action shows in {@code increase()} like any later one.
 */
public final class RemediationMetrics {
    public static final String REJECTED = "rejected";
    private static final List<String> ACTIONS = List.of(Violations.ACTION_START_BACKUP, Violations.ACTION_REINVOKE,
            Violations.ACTION_CANCEL_INSTANCE);
    // registries compare by identity; weak keys, so a per-executor registry goes away with its executor
    private static final Map<PrometheusRegistry, RemediationMetrics> BY_REGISTRY = new WeakHashMap<>();

    private final Counter total;

    private RemediationMetrics(PrometheusRegistry registry) {
        total = Counter.builder()
                .name(Violations.METRIC_REMEDIATION_TOTAL)
                .help("Violations handled by remediation, by action and outcome")
                .labelNames(Violations.LABEL_ACTION, Violations.LABEL_OUTCOME)
                .register(registry);
        for (String action : ACTIONS) {
            for (Outcome outcome : Outcome.values()) {
                total.initLabelValues(action, label(outcome));
            }
        }
        total.initLabelValues(Violations.ACTION_NONE, label(Outcome.NOT_NEEDED));
        total.initLabelValues(Violations.ACTION_NONE, REJECTED);
    }

    /** The counter registered in {@code registry}, registering it on first use. */
    public static RemediationMetrics in(PrometheusRegistry registry) {
        synchronized (BY_REGISTRY) {
            return BY_REGISTRY.computeIfAbsent(registry, RemediationMetrics::new);
        }
    }

    public static RemediationMetrics inDefaultRegistry() {
        return in(PrometheusRegistry.defaultRegistry);
    }

    void count(ActionRecord record) {
        total.labelValues(record.action(), label(record.outcome())).inc();
    }

    void countRejected() {
        total.labelValues(Violations.ACTION_NONE, REJECTED).inc();
    }

    /** Current value for an action and outcome label value. */
    public double value(String action, String outcome) {
        return total.labelValues(action, outcome).get();
    }

    public double value(String action, Outcome outcome) {
        return value(action, label(outcome));
    }

    static String label(Outcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT);
    }
}
