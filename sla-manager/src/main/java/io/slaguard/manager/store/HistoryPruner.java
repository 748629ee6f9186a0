package io.slaguard.manager.store;

import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the history bounded: delivered outbox entries and violations older than the retention go; a violation
 * with a delivery still pending stays whatever its age (an outage delays delivery, never loses it).
 */
@Component
public class HistoryPruner {
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    public HistoryPruner(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Deletes what fired before {@code cutoff} and is fully delivered; returns the violations deleted. */
    public int prune(Instant cutoff) {
        Integer deleted = transactions.execute(status -> {
            jdbc.sql("DELETE FROM outbox WHERE delivered_at IS NOT NULL AND violation_id IN "
                            + "(SELECT id FROM violations WHERE fired_at < :cutoff)")
                    .param("cutoff", Timestamps.toDb(cutoff)).update();
            return jdbc.sql("DELETE FROM violations WHERE fired_at < :cutoff AND NOT EXISTS "
                            + "(SELECT 1 FROM outbox o WHERE o.violation_id = violations.id)")
                    .param("cutoff", Timestamps.toDb(cutoff)).update();
        });
        return deleted == null ? 0 : deleted;
    }
}
