package io.slaguard.manager.learning.training;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.slaguard.manager.learning.models.DurationModel;
import io.slaguard.manager.learning.models.ModelReport;
import tools.jackson.databind.json.JsonMapper;

/** Every trained model version with its report, and which of them may be served; survives restarts. */
@Repository
public class ModelStore {
    private final JdbcClient jdbc;
    private final JsonMapper json;

    public ModelStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A stored version: its report and the newest history row it learned from. */
    public record StoredReport(ModelReport report, long historySeq) {
    }

    public void save(DurationModel model, long historySeq) {
        ModelReport report = model.report();
        jdbc.sql("INSERT INTO duration_models (function_name, version, trained_at, history_seq, served, report, model)"
                        + " VALUES (:fn, :version, :trainedAt, :seq, :served, :report, :model)")
                .param("fn", report.functionName()).param("version", report.version())
                .param("trainedAt", OffsetDateTime.ofInstant(report.trainedAt(), ZoneOffset.UTC))
                .param("seq", historySeq).param("served", report.served())
                .param("report", json.writeValueAsString(report))
                .param("model", Base64.getEncoder().encodeToString(model.serialize()))
                .update();
    }

    /** Newest version of the function, 0 when none. */
    public long latestVersion(String functionName) {
        return jdbc.sql("SELECT COALESCE(MAX(version), 0) FROM duration_models WHERE function_name = :fn")
                .param("fn", functionName).query(Long.class).single();
    }

    /** The history row the newest version learned up to; 0 when none. */
    public long lastHistorySeq(String functionName) {
        return jdbc.sql("SELECT COALESCE(MAX(history_seq), 0) FROM duration_models WHERE function_name = :fn")
                .param("fn", functionName).query(Long.class).single();
    }

    /** Every stored version, by function then newest first. */
    public List<StoredReport> reports() {
        return jdbc.sql("SELECT report, history_seq FROM duration_models ORDER BY function_name, version DESC")
                .query((rs, n) -> new StoredReport(json.readValue(rs.getString("report"), ModelReport.class),
                        rs.getLong("history_seq"))).list();
    }

    /** Names of the functions with a servable version. */
    public List<String> servableFunctions() {
        return jdbc.sql("SELECT DISTINCT function_name FROM duration_models WHERE served ORDER BY function_name")
                .query(String.class).list();
    }

    /** The newest servable version of the function, serialised. */
    public Optional<byte[]> newestServable(String functionName) {
        return jdbc.sql("SELECT model FROM duration_models WHERE function_name = :fn AND served ORDER BY version DESC"
                        + " LIMIT 1")
                .param("fn", functionName).query(String.class).optional().map(Base64.getDecoder()::decode);
    }

    /** Keeps the newest {@code keep} versions of the function and its newest servable one; deletes the rest. */
    public int prune(String functionName, int keep) {
        return jdbc.sql("DELETE FROM duration_models WHERE function_name = :fn AND version <= :below"
                        + " AND version <> (SELECT COALESCE(MAX(version), 0) FROM duration_models"
                        + " WHERE function_name = :fn AND served)")
                .param("fn", functionName).param("below", latestVersion(functionName) - keep).update();
    }
}
