package io.slaguard.manager.notify;

import java.util.List;

import io.slaguard.manager.model.Violation;

/**
 * A channel that violations are delivered to (RabbitMQ, Pushgateway, log, REST). Called by the outbox
 * dispatcher; a delivery that throws stays in the outbox and is retried, so implementations must make a
 * repeated delivery of the same violation id harmless where the channel allows it (message id, group per key).
 */
public interface Notifier {

    /**
     * What a delivery of several violations achieved: the first {@code delivered} were accepted; {@code failure} is
     * why the next one was not, null when all were.
     */
    record BatchResult(int delivered, Exception failure) {
    }

    /** Stable channel name; the outbox records delivery per channel. */
    String name();

    /** Delivers or throws. Returns only once the channel has accepted the violation (e.g. broker confirm). */
    void deliver(Violation violation) throws Exception;

    /**
     * Most violations {@link #deliverAll} takes at once; 1 (the default) for a channel that accepts them one at a
     * time, so the dispatcher can stop between any two of them.
     */
    default int maxBatch() {
        return 1;
    }

    /** Delivers several in order, up to {@link #maxBatch()}; by default one by one, stopping at the first failure. */
    default BatchResult deliverAll(List<Violation> violations) throws InterruptedException {
        for (int i = 0; i < violations.size(); i++) {
            try {
                deliver(violations.get(i));
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                return new BatchResult(i, e);
            }
        }
        return new BatchResult(violations.size(), null);
    }
}
