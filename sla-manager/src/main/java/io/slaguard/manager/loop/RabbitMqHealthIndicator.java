package io.slaguard.manager.loop;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import io.slaguard.protocol.PasswordMask;
import io.slaguard.manager.notify.RabbitMqNotifier;

/** The broker of the rabbitmq channel (UP without details when that channel is off). */
@Component("rabbitmqHealthIndicator")
public class RabbitMqHealthIndicator implements HealthIndicator {
    private final Notifiers notifiers;

    public RabbitMqHealthIndicator(Notifiers notifiers) {
        this.notifiers = notifiers;
    }

    @Override
    public Health health() {
        if (notifiers.rabbit().isEmpty()) {
            return Health.up().withDetail("enabled", false).build();
        }
        RabbitMqNotifier rabbit = notifiers.rabbit().get();
        String doubt = rabbit.doubt();
        if (doubt != null) {
            // the socket may look open; what counts is that the broker stopped answering
            return Health.down().withDetail("error", doubt).build();
        }
        try {
            if (!rabbit.isConnected()) {
                rabbit.connect();
            }
            return Health.up().withDetail("enabled", true).build();
        } catch (Exception e) {
            Health.Builder down = Health.down().withDetail("error", PasswordMask.mask(String.valueOf(e.getMessage())));
            rabbit.refusal().ifPresent(reason -> down.withDetail("refused", reason));
            return down.build();
        }
    }
}
