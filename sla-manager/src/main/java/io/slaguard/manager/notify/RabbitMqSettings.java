package io.slaguard.manager.notify;

import java.time.Duration;

import io.slaguard.protocol.AmqpUri;
import io.slaguard.protocol.Violations;

/**
 * Settings of the RabbitMQ channel.
 *
 * @param uri                 AMQP URI with credentials, e.g. {@code amqp://user:pass@host:5672/}, read as {@link AmqpUri}
 *                            describes; never logged unmasked
 * @param exchange            topic exchange violations are published to (durable)
 * @param legacyQueueEnabled  declare the original durable queue bound with {@code #} (for legacy consumers; an unread
 *                            durable queue grows without bound, so turn it off where nobody reads it)
 * @param legacyQueue         name of that queue
 * @param confirmTimeout      how long a publish waits for the broker's confirm before it counts as failed
 * @param recoveryInterval    pause between reconnection attempts after the connection is lost
 */
public record RabbitMqSettings(String uri, String exchange, boolean legacyQueueEnabled, String legacyQueue,
                               Duration confirmTimeout, Duration recoveryInterval) {

    public static final Duration DEFAULT_CONFIRM_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RECOVERY_INTERVAL = Duration.ofSeconds(5);

    public RabbitMqSettings {
        AmqpUri.parse(uri);
        SettingsChecks.requireName(exchange, "exchange");
        if (legacyQueueEnabled) {
            SettingsChecks.requireName(legacyQueue, "legacy queue");
        }
        SettingsChecks.requirePositive(confirmTimeout, "confirm timeout");
        SettingsChecks.requirePositive(recoveryInterval, "recovery interval");
    }

    /** The compatible defaults: exchange {@code sla.violations}, legacy queue {@code CloudButton} on. */
    public static RabbitMqSettings defaults(String uri) {
        return new RabbitMqSettings(uri, Violations.EXCHANGE, true, Violations.LEGACY_QUEUE, DEFAULT_CONFIRM_TIMEOUT,
                DEFAULT_RECOVERY_INTERVAL);
    }

    public RabbitMqSettings withExchange(String newExchange) {
        return new RabbitMqSettings(uri, newExchange, legacyQueueEnabled, legacyQueue, confirmTimeout, recoveryInterval);
    }

    public RabbitMqSettings withLegacyQueue(boolean enabled, String name) {
        return new RabbitMqSettings(uri, exchange, enabled, name, confirmTimeout, recoveryInterval);
    }

    public RabbitMqSettings withTimeouts(Duration newConfirmTimeout, Duration newRecoveryInterval) {
        return new RabbitMqSettings(uri, exchange, legacyQueueEnabled, legacyQueue, newConfirmTimeout, newRecoveryInterval);
    }

    /** The URI, parsed. */
    public AmqpUri amqpUri() {
        return AmqpUri.parse(uri);
    }

    @Override
    public String toString() {
        return "RabbitMqSettings[uri=" + amqpUri() + ", exchange=" + exchange + ", legacyQueueEnabled="
                + legacyQueueEnabled + ", legacyQueue=" + legacyQueue + ", confirmTimeout=" + confirmTimeout
                + ", recoveryInterval=" + recoveryInterval + "]";
    }
}
