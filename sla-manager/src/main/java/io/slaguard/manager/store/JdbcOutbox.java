package io.slaguard.manager.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.slaguard.manager.model.Violation;
import io.slaguard.manager.notify.Outbox;

/** The outbox in the database: one row per (violation, channel), kept after delivery with its time. */
@Repository
public class JdbcOutbox implements Outbox {
    private static final int MAX_ERROR_LENGTH = 2000;

    private final JdbcClient jdbc;
    private final ViolationRepository violations;

    public JdbcOutbox(JdbcClient jdbc, ViolationRepository violations) {
        this.jdbc = jdbc;
        this.violations = violations;
    }

    @Override
    public List<Entry> due(String channel, Instant now, int limit) {
        return jdbc.sql("SELECT o.id AS entry_id, o.channel, o.attempts, " + ViolationRepository.COLUMNS
                        + " FROM outbox o JOIN violations v ON v.id = o.violation_id WHERE o.channel = :channel "
                        + "AND o.delivered_at IS NULL AND o.next_attempt <= :now ORDER BY o.id LIMIT :limit")
                .param("channel", channel).param("now", Timestamps.toDb(now)).param("limit", limit)
                .query((rs, n) -> new Entry(rs.getLong("entry_id"), rs.getString("channel"),
                        violations.row(rs, n), rs.getInt("attempts")))
                .list();
    }

    @Override
    public void delivered(List<Long> entryIds, Instant at) {
        if (entryIds.isEmpty()) {
            return;
        }
        // one statement: the dispatcher's batch (100 by default) is well within any database's IN-list limit
        jdbc.sql("UPDATE outbox SET delivered_at = :at, attempts = attempts + 1, last_error = NULL "
                        + "WHERE id IN (:ids) AND delivered_at IS NULL")
                .param("at", Timestamps.toDb(at)).param("ids", entryIds).update();
    }

    @Override
    public void failed(long entryId, String error, Instant retryAt) {
        String kept = error == null ? null : error.substring(0, Math.min(error.length(), MAX_ERROR_LENGTH));
        jdbc.sql("UPDATE outbox SET attempts = attempts + 1, last_error = :error, next_attempt = :retry "
                        + "WHERE id = :id AND delivered_at IS NULL")
                .param("error", kept).param("retry", Timestamps.toDb(retryAt)).param("id", entryId).update();
    }

    @Override
    public long pending() {
        return jdbc.sql("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL").query(Long.class).single();
    }

    @Override
    public long pending(Collection<String> channels) {
        if (channels.isEmpty()) {
            return 0;
        }
        return jdbc.sql("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND channel IN (:channels)")
                .param("channels", List.copyOf(channels)).query(Long.class).single();
    }

    /** Delivered entries of a channel (operators and tests: nothing delivered is handed out twice). */
    public long delivered(String channel) {
        return jdbc.sql("SELECT COUNT(*) FROM outbox WHERE channel = :channel AND delivered_at IS NOT NULL")
                .param("channel", channel).query(Long.class).single();
    }

    void enqueue(Violation violation, String channel) {
        jdbc.sql("INSERT INTO outbox (violation_id, channel, attempts, next_attempt) VALUES (:violation, :channel, 0, :at)")
                .param("violation", violation.id()).param("channel", channel)
                .param("at", Timestamps.toDb(violation.datetime())).update();
    }
}
