package io.slaguard.manager.learning.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.slaguard.protocol.Learning;

/** The history of finished attempts, one row per attempt (instance, call, attempt), in H2 or PostgreSQL. */
@Repository
public class AttemptHistory {
    private static final String COLUMNS = "instance, job_id, call_id, attempt, function_name, memory_mb, job_total_calls,"
            + " input_bytes, started_at, ended_at, outcome, cpu_mean_percent, cpu_peak_percent, memory_peak_mb, disk_mb,"
            + " network_mb";

    /** Where a function's history stands: its newest row, and how many attempts ended (what models learn from). */
    public record FunctionProgress(String functionName, long lastSeq, long ended) {
    }

    /** A row with its position in the history. */
    public record Entry(long seq, HistoryRow row) {
    }

    private final JdbcClient jdbc;

    public AttemptHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the attempt unless it is already there (another pass, another replica); true when stored now. */
    public boolean recordOnce(HistoryRow row) {
        if (contains(row.instance(), row.callId(), row.attempt())) {
            return false;
        }
        ProfileSummary p = row.profile();
        try {
            return jdbc.sql("INSERT INTO attempt_history (" + COLUMNS + ") VALUES (:instance, :job, :call, :attempt,"
                            + " :fn, :memory, :total, :input, :start, :end, :outcome, :cpuMean, :cpuPeak, :memPeak,"
                            + " :disk, :net)")
                    .param("instance", row.instance()).param("job", row.jobId()).param("call", row.callId())
                    .param("attempt", row.attempt()).param("fn", row.functionName())
                    .param("memory", row.memoryMb(), Types.DOUBLE).param("total", row.jobTotalCalls(), Types.DOUBLE)
                    .param("input", row.inputBytes(), Types.DOUBLE)
                    .param("start", row.startedAt()).param("end", row.endedAt()).param("outcome", row.outcome())
                    .param("cpuMean", p.cpuMeanPercent(), Types.DOUBLE).param("cpuPeak", p.cpuPeakPercent(), Types.DOUBLE)
                    .param("memPeak", p.memoryPeakMb(), Types.DOUBLE).param("disk", p.diskMb(), Types.DOUBLE)
                    .param("net", p.networkMb(), Types.DOUBLE)
                    .update() == 1;
        } catch (DuplicateKeyException raced) {
            return false;
        }
    }

    public boolean contains(String instance, String callId, int attempt) {
        return jdbc.sql("SELECT COUNT(*) FROM attempt_history WHERE instance = :instance AND call_id = :call"
                        + " AND attempt = :attempt")
                .param("instance", instance).param("call", callId).param("attempt", attempt)
                .query(Long.class).single() > 0;
    }

    /** Per function: newest row and ended attempts. */
    public List<FunctionProgress> progress() {
        return jdbc.sql("SELECT function_name, MAX(seq) AS last_seq, SUM(CASE WHEN outcome = :ended THEN 1 ELSE 0 END)"
                        + " AS ended FROM attempt_history GROUP BY function_name ORDER BY function_name")
                .param("ended", Learning.OUTCOME_ENDED)
                .query((rs, n) -> new FunctionProgress(rs.getString("function_name"), rs.getLong("last_seq"),
                        rs.getLong("ended"))).list();
    }

    /** Ended attempts of the function after {@code seq}. */
    public long endedSince(String functionName, long seq) {
        return jdbc.sql("SELECT COUNT(*) FROM attempt_history WHERE function_name = :fn AND outcome = :ended"
                        + " AND seq > :seq")
                .param("fn", functionName).param("ended", Learning.OUTCOME_ENDED).param("seq", seq)
                .query(Long.class).single();
    }

    /** The function's newest ended attempts, at most {@code limit}, newest first: what a model learns from. */
    public List<Entry> latestEnded(String functionName, int limit) {
        return jdbc.sql("SELECT seq, " + COLUMNS + " FROM attempt_history WHERE function_name = :fn AND outcome = :ended"
                        + " ORDER BY seq DESC LIMIT :limit")
                .param("fn", functionName).param("ended", Learning.OUTCOME_ENDED).param("limit", limit)
                .query((rs, n) -> new Entry(rs.getLong("seq"), row(rs))).list();
    }

    /** Newest first, any outcome; a null function means every function. */
    public List<HistoryRow> latest(String functionName, int limit) {
        if (functionName == null) {
            return jdbc.sql("SELECT " + COLUMNS + " FROM attempt_history ORDER BY seq DESC LIMIT :limit")
                    .param("limit", limit).query((rs, n) -> row(rs)).list();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM attempt_history WHERE function_name = :fn ORDER BY seq DESC"
                        + " LIMIT :limit")
                .param("fn", functionName).param("limit", limit).query((rs, n) -> row(rs)).list();
    }

    /** Deletes attempts that ended before {@code cutoff} (epoch seconds); returns how many. */
    public int prune(double cutoff) {
        return jdbc.sql("DELETE FROM attempt_history WHERE ended_at < :cutoff").param("cutoff", cutoff).update();
    }

    private static HistoryRow row(ResultSet rs) throws SQLException {
        return new HistoryRow(rs.getString("instance"), rs.getString("job_id"), rs.getString("call_id"),
                rs.getInt("attempt"), rs.getString("function_name"), nullable(rs, "memory_mb"),
                nullable(rs, "job_total_calls"), nullable(rs, "input_bytes"), rs.getDouble("started_at"),
                rs.getDouble("ended_at"), rs.getString("outcome"),
                new ProfileSummary(nullable(rs, "cpu_mean_percent"), nullable(rs, "cpu_peak_percent"),
                        nullable(rs, "memory_peak_mb"), nullable(rs, "disk_mb"), nullable(rs, "network_mb")));
    }

    private static Double nullable(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }
}
