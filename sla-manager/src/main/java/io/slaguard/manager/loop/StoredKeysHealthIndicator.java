package io.slaguard.manager.loop;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * DOWN while the last tick met keys the store cannot hold: those keys are not assessed (their violations are
 * neither stored nor delivered), which an operator must see even though every other key is.
 */
@Component("keysHealthIndicator")
public class StoredKeysHealthIndicator implements HealthIndicator {
    private final AssessmentLoop loop;

    public StoredKeysHealthIndicator(AssessmentLoop loop) {
        this.loop = loop;
    }

    @Override
    public Health health() {
        TickStatus last = loop.lastTick();
        if (last == null || last.unstorableKeys() == 0) {
            return Health.up().withDetail("unstorableKeys", 0).build();
        }
        return Health.down().withDetail("lastTick", last.tick().toString())
                .withDetail("unstorableKeys", last.unstorableKeys())
                .withDetail("examples", last.unstorableKeyExamples()).build();
    }
}
