package io.slaguard.manager.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.slaguard.manager.config.SlaProperties;
import io.slaguard.manager.notify.LogNotifier;
import io.slaguard.manager.notify.Notifier;
import io.slaguard.manager.notify.PushgatewayNotifier;
import io.slaguard.manager.notify.PushgatewaySettings;
import io.slaguard.manager.notify.RabbitMqNotifier;
import io.slaguard.manager.notify.RabbitMqSettings;
import io.slaguard.manager.notify.RestNotifier;
import io.slaguard.manager.notify.RestSettings;

/** The enabled notification channels, built from {@code sla.notifiers}; closes the ones holding connections. */
public final class Notifiers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Notifiers.class);

    private final List<Notifier> all;
    private final RabbitMqNotifier rabbit;
    private final PushgatewayNotifier pushgateway;

    private Notifiers(List<Notifier> all, RabbitMqNotifier rabbit, PushgatewayNotifier pushgateway) {
        this.all = List.copyOf(all);
        this.rabbit = rabbit;
        this.pushgateway = pushgateway;
    }

    public static Notifiers from(SlaProperties properties) {
        List<Notifier> all = new ArrayList<>();
        RabbitMqNotifier rabbit = null;
        PushgatewayNotifier pushgateway = null;
        for (String channel : properties.channels()) {
            switch (channel) {
                case SlaProperties.LOG -> all.add(new LogNotifier());
                case SlaProperties.REST -> all.add(new RestNotifier(new RestSettings(properties.notification().url(),
                        properties.notification().timeout())));
                case SlaProperties.RABBITMQ -> {
                    SlaProperties.Rabbitmq r = properties.rabbitmq();
                    rabbit = new RabbitMqNotifier(RabbitMqSettings.defaults(r.uri()).withExchange(r.exchange())
                            .withLegacyQueue(r.legacyQueue().enabled(), r.legacyQueue().name()));
                    all.add(rabbit);
                }
                case SlaProperties.PUSHGATEWAY -> {
                    SlaProperties.Pushgateway p = properties.pushgateway();
                    pushgateway = new PushgatewayNotifier(new PushgatewaySettings(p.url(), p.violationMetric(), p.timeout()));
                    all.add(pushgateway);
                }
                default -> throw new IllegalStateException("channel " + channel);
            }
        }
        log.info("notification channels: {}", all);
        return new Notifiers(all, rabbit, pushgateway);
    }

    public List<Notifier> all() {
        return all;
    }

    public List<String> channels() {
        return all.stream().map(Notifier::name).toList();
    }

    public Optional<RabbitMqNotifier> rabbit() {
        return Optional.ofNullable(rabbit);
    }

    public Optional<PushgatewayNotifier> pushgateway() {
        return Optional.ofNullable(pushgateway);
    }

    @Override
    public void close() {
        if (rabbit != null) {
            rabbit.close();
        }
    }
}
