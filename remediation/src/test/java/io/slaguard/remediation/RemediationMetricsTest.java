package io.slaguard.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.slaguard.protocol.Violations;
import io.slaguard.remediation.RemediationActions.Outcome;

class RemediationMetricsTest {

    @Test
    void everyActionAndOutcomeStartsAtZeroSoTheFirstActionIsAnIncrease() {
        PrometheusRegistry registry = new PrometheusRegistry();
        RemediationMetrics.in(registry);

        CounterSnapshot counter = (CounterSnapshot) registry.scrape().stream()
                .filter(m -> m.getMetadata().getPrometheusName().equals("sla_remediation")).findFirst().orElseThrow();
        List<String> series = counter.getDataPoints().stream()
                .map(p -> p.getLabels().get(Violations.LABEL_ACTION) + "/" + p.getLabels().get(Violations.LABEL_OUTCOME)
                        + "=" + p.getValue())
                .toList();
        assertThat(series).hasSize(3 * Outcome.values().length + 2)
                .contains("startBackup/applied=0.0", "reinvoke/not_needed=0.0", "cancelInstance/failed=0.0",
                        "none/rejected=0.0");
    }

    @Test
    void oneCounterPerRegistry() {
        PrometheusRegistry registry = new PrometheusRegistry();
        assertThat(RemediationMetrics.in(registry)).isSameAs(RemediationMetrics.in(registry));
        assertThat(RemediationMetrics.in(new PrometheusRegistry())).isNotSameAs(RemediationMetrics.in(registry));
    }
}
