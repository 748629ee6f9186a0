package io.slaguard.manager.notify;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import io.slaguard.manager.model.Violation;

/**
 * The notification outbox: violations are written to it in the same transaction as the assessment state,
 * one entry per (violation, channel), and removed only once delivered. Implemented by the store.
 */
public interface Outbox {

    /** An undelivered violation for one channel. */
    record Entry(long id, String channel, Violation violation, int attempts) {
    }

    /** Entries of {@code channel} due at {@code now}, oldest first. */
    List<Entry> due(String channel, Instant now, int limit);

    /** Delivered, in one transaction: never handed out again. */
    void delivered(List<Long> entryIds, Instant at);

    /** Failed: handed out again at {@code retryAt}; {@code error} is kept for operators. */
    void failed(long entryId, String error, Instant retryAt);

    /** Undelivered entries, all channels. */
    long pending();

    /**
     * Undelivered entries of these channels (the {@code sla_outbox_pending} gauge: entries of a channel the manager
     * no longer delivers to stay in the store, undelivered, and would count for ever).
     */
    long pending(Collection<String> channels);
}
