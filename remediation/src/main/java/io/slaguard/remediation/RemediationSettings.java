package io.slaguard.remediation;

import java.time.Duration;

import io.slaguard.protocol.AmqpUri;
import io.slaguard.protocol.Violations;

/**
 * How the remediation consumer reaches RabbitMQ and how much it remembers.
 *
 * @param uri                AMQP URI ({@code amqp://user:password@host:5672/}, read as {@link AmqpUri} describes); never
 *                           logged unmasked
 * @param exchange           the violations topic exchange the manager publishes to
 * @param deadLetterExchange where unparseable violations are rejected to (a fanout exchange)
 * @param deadLetterQueue    the durable queue bound to the dead-letter exchange
 * @param prefetch           unacknowledged messages the broker may hand this consumer at once
 * @param maxAttempts        attempts a call may have in total (first run included) before tooLong is refused
 * @param dedupMemory        message ids, and (guarantee, key, attempt) triples, remembered for deduplication
 * @param queueExpiry        an instance queue unused (no consumer) this long is deleted by the broker; null keeps it forever
 * @param recoveryInterval   pause between reconnection attempts after the connection is lost
 */
public record RemediationSettings(String uri, String exchange, String deadLetterExchange, String deadLetterQueue,
                                  int prefetch, int maxAttempts, int dedupMemory, Duration queueExpiry,
                                  Duration recoveryInterval) {

    public static final int DEFAULT_PREFETCH = 16;
    public static final int DEFAULT_MAX_ATTEMPTS = 2;
    public static final int DEFAULT_DEDUP_MEMORY = 10_000;
    public static final Duration DEFAULT_QUEUE_EXPIRY = Duration.ofHours(1);
    public static final Duration DEFAULT_RECOVERY_INTERVAL = Duration.ofSeconds(5);

    public RemediationSettings {
        try {
            AmqpUri.parse(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("remediation " + e.getMessage(), e);
        }
        requireName(exchange, "exchange");
        requireName(deadLetterExchange, "deadLetterExchange");
        requireName(deadLetterQueue, "deadLetterQueue");
        if (prefetch < 1 || prefetch > 65_535) {
            throw new IllegalArgumentException("remediation prefetch must be between 1 and 65535, got " + prefetch);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("remediation maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (dedupMemory < 1) {
            throw new IllegalArgumentException("remediation dedupMemory must be at least 1, got " + dedupMemory);
        }
        if (queueExpiry != null && (queueExpiry.toMillis() < 1 || queueExpiry.toMillis() > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException("remediation queueExpiry must be between 1 ms and about 24 days, got " + queueExpiry);
        }
        if (recoveryInterval == null || recoveryInterval.isNegative() || recoveryInterval.isZero()) {
            throw new IllegalArgumentException("remediation recoveryInterval must be positive, got " + recoveryInterval);
        }
    }

    /** The wire names of docs/architecture.md#remediation and the defaults above, for a broker at {@code uri}. */
    public static RemediationSettings defaults(String uri) {
        return new RemediationSettings(uri, Violations.EXCHANGE, Violations.DEAD_LETTER_EXCHANGE,
                Violations.DEAD_LETTER_QUEUE, DEFAULT_PREFETCH, DEFAULT_MAX_ATTEMPTS, DEFAULT_DEDUP_MEMORY,
                DEFAULT_QUEUE_EXPIRY, DEFAULT_RECOVERY_INTERVAL);
    }

    public RemediationSettings withPrefetch(int value) {
        return new RemediationSettings(uri, exchange, deadLetterExchange, deadLetterQueue, value, maxAttempts,
                dedupMemory, queueExpiry, recoveryInterval);
    }

    public RemediationSettings withMaxAttempts(int value) {
        return new RemediationSettings(uri, exchange, deadLetterExchange, deadLetterQueue, prefetch, value,
                dedupMemory, queueExpiry, recoveryInterval);
    }

    public RemediationSettings withDedupMemory(int value) {
        return new RemediationSettings(uri, exchange, deadLetterExchange, deadLetterQueue, prefetch, maxAttempts,
                value, queueExpiry, recoveryInterval);
    }

    public RemediationSettings withQueueExpiry(Duration value) {
        return new RemediationSettings(uri, exchange, deadLetterExchange, deadLetterQueue, prefetch, maxAttempts,
                dedupMemory, value, recoveryInterval);
    }

    public RemediationSettings withRecoveryInterval(Duration value) {
        return new RemediationSettings(uri, exchange, deadLetterExchange, deadLetterQueue, prefetch, maxAttempts,
                dedupMemory, queueExpiry, value);
    }

    public RemediationSettings withDeadLetter(String exchangeName, String queueName) {
        return new RemediationSettings(uri, exchange, exchangeName, queueName, prefetch, maxAttempts,
                dedupMemory, queueExpiry, recoveryInterval);
    }

    /** The URI, parsed. */
    public AmqpUri amqpUri() {
        return AmqpUri.parse(uri);
    }

    /** The URI with its password masked, for logs and messages. */
    public String maskedUri() {
        return amqpUri().masked();
    }

    @Override
    public String toString() {
        return "RemediationSettings[uri=" + maskedUri() + ", exchange=" + exchange + ", deadLetterExchange="
                + deadLetterExchange + ", deadLetterQueue=" + deadLetterQueue + ", prefetch=" + prefetch
                + ", maxAttempts=" + maxAttempts + ", dedupMemory=" + dedupMemory + ", queueExpiry=" + queueExpiry
                + ", recoveryInterval=" + recoveryInterval + "]";
    }

    private static void requireName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("remediation " + what + " name is missing");
        }
    }
}
