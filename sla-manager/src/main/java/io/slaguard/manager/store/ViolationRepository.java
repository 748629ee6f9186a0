package io.slaguard.manager.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.slaguard.manager.model.Violation;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Fired violations, newest first. Values are kept as text so NaN and ±Inf survive any database. */
@Repository
public class ViolationRepository {
    static final String COLUMNS = "v.id, v.agreement_id, v.guarantee, v.violation_key, v.resource, v.value_text, "
            + "v.labels, v.fired_at";
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public ViolationRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Filters of a listing; null means any. */
    public record Query(String agreementId, String guarantee, String key, Instant since, int limit, int offset) {
    }

    /** One page of the matching violations, newest first. */
    public List<Violation> find(Query query) {
        return filtered("SELECT " + COLUMNS + " FROM violations v", query,
                " ORDER BY v.fired_at DESC, v.seq DESC LIMIT :limit OFFSET :offset")
                .param("limit", query.limit()).param("offset", query.offset())
                .query(this::row).list();
    }

    /** How many violations match the query's filters, over all pages. */
    public long count(Query query) {
        return filtered("SELECT COUNT(*) FROM violations v", query, "").query(Long.class).single();
    }

    private JdbcClient.StatementSpec filtered(String select, Query query, String rest) {
        StringBuilder sql = new StringBuilder(select).append(" WHERE 1 = 1");
        if (query.agreementId() != null) {
            sql.append(" AND v.agreement_id = :agreement");
        }
        if (query.guarantee() != null) {
            sql.append(" AND v.guarantee = :guarantee");
        }
        if (query.key() != null) {
            sql.append(" AND v.violation_key = :key");
        }
        if (query.since() != null) {
            sql.append(" AND v.fired_at >= :since");
        }
        JdbcClient.StatementSpec statement = jdbc.sql(sql.append(rest).toString());
        if (query.agreementId() != null) {
            statement = statement.param("agreement", query.agreementId());
        }
        if (query.guarantee() != null) {
            statement = statement.param("guarantee", query.guarantee());
        }
        if (query.key() != null) {
            statement = statement.param("key", query.key());
        }
        if (query.since() != null) {
            statement = statement.param("since", Timestamps.toDb(query.since()));
        }
        return statement;
    }

    void insert(Violation v) {
        jdbc.sql("INSERT INTO violations (id, agreement_id, guarantee, violation_key, resource, value_text, labels, "
                        + "fired_at) VALUES (:id, :agreement, :guarantee, :key, :resource, :value, :labels, :at)")
                .param("id", v.id()).param("agreement", v.agreementId()).param("guarantee", v.guarantee())
                .param("key", v.key()).param("resource", v.resource() == null ? "" : v.resource())
                .param("value", Double.toString(v.value())).param("labels", json.writeValueAsString(v.labels()))
                .param("at", Timestamps.toDb(v.datetime())).update();
    }

    Violation row(ResultSet rs, int rowNum) throws SQLException {
        return new Violation(rs.getString("id"), rs.getString("agreement_id"), rs.getString("guarantee"),
                Timestamps.fromDb(rs, "fired_at"), rs.getString("violation_key"), rs.getString("resource"),
                Double.parseDouble(rs.getString("value_text")), json.readValue(rs.getString("labels"), LABELS));
    }
}
