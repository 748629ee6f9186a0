package io.slaguard.manager.notify;

import io.slaguard.manager.model.Violation;

/**
 * A channel that violations are delivered to (RabbitMQ, Pushgateway, log, REST). Called by the outbox
 * dispatcher; a delivery that throws stays in the outbox and is retried, so implementations must make a
 * repeated delivery of the same violation id harmless where the channel allows it (message id, group per key).
 */
public interface Notifier {

    /** Stable channel name; the outbox records delivery per channel. */
    String name();

    /** Delivers or throws. Returns only once the channel has accepted the violation (e.g. broker confirm). */
    void deliver(Violation violation) throws Exception;
}
