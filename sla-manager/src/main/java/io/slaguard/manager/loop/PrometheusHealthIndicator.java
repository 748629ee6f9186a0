package io.slaguard.manager.loop;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import io.slaguard.manager.assessment.MetricsSource;

/** Prometheus is down when its build info cannot be read or the last tick left guarantees unknown. */
@Component("prometheusHealthIndicator")
public class PrometheusHealthIndicator implements HealthIndicator {
    private final MetricsSource source;
    private final AssessmentLoop loop;

    public PrometheusHealthIndicator(MetricsSource source, AssessmentLoop loop) {
        this.source = source;
        this.loop = loop;
    }

    @Override
    public Health health() {
        Health.Builder health;
        try {
            String version = source.version();
            health = Health.up().withDetail("version", version.isEmpty() ? "not reported" : version);
        } catch (MetricsSource.MetricsSourceException e) {
            return Health.down().withDetail("error", e.getMessage()).build();
        }
        TickStatus last = loop.lastTick();
        if (last != null) {
            health.withDetail("lastTick", last.tick().toString())
                    .withDetail("unknownGuarantees", last.unknownGuarantees());
            if (last.unknownGuarantees() > 0 || !last.errors().isEmpty()) {
                health = Health.down().withDetail("lastTick", last.tick().toString())
                        .withDetail("unknownGuarantees", last.unknownGuarantees()).withDetail("errors", last.errors());
            }
        }
        return health.build();
    }
}
