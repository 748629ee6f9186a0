package io.slaguard.manager.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.slaguard.manager.model.Agreement;
import io.slaguard.manager.model.AgreementState;
import io.slaguard.manager.model.Assessment;
import io.slaguard.manager.model.Details;
import io.slaguard.manager.model.KeyState;
import tools.jackson.databind.json.JsonMapper;

/**
 * Agreements. The API changes name/state/details under optimistic locking ({@code version}); the loop writes
 * only the {@code assessment} column and the key states, so neither can overwrite the other's change.
 */
@Repository
public class AgreementRepository {
    private static final String COLUMNS = "id, name, state, details, monitoring_url, assessment, version";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final JsonMapper json;

    public AgreementRepository(JdbcClient jdbc, JdbcTemplate batch, JsonMapper json) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.json = json;
    }

    /** An agreement as stored, with the row version that a state change must name. */
    public record StoredAgreement(Agreement agreement, String monitoringUrl, long version) {
    }

    public List<StoredAgreement> listInState(AgreementState state) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM agreements WHERE state = :state ORDER BY id")
                .param("state", state.name()).query(this::row).list();
    }

    /** One page by id, of every agreement or of those in {@code state} (null: every one). */
    public List<StoredAgreement> page(AgreementState state, int limit, int offset) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM agreements" + (state == null ? "" : " WHERE state = :state")
                        + " ORDER BY id LIMIT :limit OFFSET :offset")
                .paramSource(pageParameters(state, limit, offset)).query(this::row).list();
    }

    /** How many agreements there are, or how many are in {@code state} (null: every one). */
    public long count(AgreementState state) {
        return jdbc.sql("SELECT COUNT(*) FROM agreements" + (state == null ? "" : " WHERE state = :state"))
                .paramSource(pageParameters(state, 0, 0)).query(Long.class).single();
    }

    private static Map<String, Object> pageParameters(AgreementState state, int limit, int offset) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("limit", limit);
        parameters.put("offset", offset);
        if (state != null) {
            parameters.put("state", state.name());
        }
        return parameters;
    }

    public Optional<StoredAgreement> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM agreements WHERE id = :id").param("id", id)
                .query(this::row).optional();
    }

    /** Stores a new agreement with no assessment; a duplicate id raises {@code DuplicateKeyException}. */
    public void insert(Agreement agreement, String monitoringUrl) {
        jdbc.sql("INSERT INTO agreements (id, name, state, details, expiration, monitoring_url, version) "
                        + "VALUES (:id, :name, :state, :details, :expiration, :url, 0)")
                .param("id", agreement.id()).param("name", agreement.name())
                .param("state", agreement.state().name())
                .param("details", json.writeValueAsString(agreement.details()))
                .param("expiration", Timestamps.toDb(agreement.details().expiration()))
                .param("url", monitoringUrl).update();
    }

    /** Changes state and monitoring URL if the row is still at {@code expectedVersion}; false otherwise. */
    public boolean changeState(String id, long expectedVersion, AgreementState state, String monitoringUrl) {
        return jdbc.sql("UPDATE agreements SET state = :state, monitoring_url = :url, version = version + 1 "
                        + "WHERE id = :id AND version = :version")
                .param("state", state.name()).param("url", monitoringUrl).param("id", id)
                .param("version", expectedVersion).update() > 0;
    }

    public boolean delete(String id) {
        return jdbc.sql("DELETE FROM agreements WHERE id = :id").param("id", id).update() > 0;
    }

    /** Terminates every agreement whose expiration has passed; returns their ids. */
    public List<String> terminateExpired(Instant now) {
        List<String> expired = jdbc.sql("SELECT id FROM agreements WHERE state <> :terminated "
                        + "AND expiration IS NOT NULL AND expiration <= :now")
                .param("terminated", AgreementState.terminated.name()).param("now", Timestamps.toDb(now))
                .query(String.class).list();
        for (String id : expired) {
            jdbc.sql("UPDATE agreements SET state = :terminated, version = version + 1 WHERE id = :id")
                    .param("terminated", AgreementState.terminated.name()).param("id", id).update();
        }
        return expired;
    }

    /** Writes the assessment column only; false if the agreement no longer exists. */
    boolean writeAssessment(String id, Assessment assessment) {
        return jdbc.sql("UPDATE agreements SET assessment = :assessment WHERE id = :id")
                .param("assessment", json.writeValueAsString(assessment)).param("id", id).update() > 0;
    }

    /** Key states of the given agreements, by agreement id (agreements without any are absent). */
    public Map<String, List<KeyState>> keyStates(Collection<String> agreementIds) {
        Map<String, List<KeyState>> byAgreement = new HashMap<>();
        if (agreementIds.isEmpty()) {
            return byAgreement;
        }
        jdbc.sql("SELECT agreement_id, guarantee, key_value, violating_since, last_fired FROM key_states "
                        + "WHERE agreement_id IN (:ids)")
                .param("ids", new ArrayList<>(agreementIds))
                .query((rs, n) -> new KeyState(rs.getString("agreement_id"), rs.getString("guarantee"),
                        rs.getString("key_value"), Timestamps.fromDb(rs, "violating_since"),
                        Timestamps.fromDb(rs, "last_fired")))
                .list()
                .forEach(k -> byAgreement.computeIfAbsent(k.agreementId(), id -> new ArrayList<>()).add(k));
        return byAgreement;
    }

    void replaceKeyStates(String agreementId, List<KeyState> keyStates) {
        jdbc.sql("DELETE FROM key_states WHERE agreement_id = :id").param("id", agreementId).update();
        // one batch: a tick may hold thousands of violating calls
        batch.batchUpdate("INSERT INTO key_states (agreement_id, guarantee, key_value, violating_since, last_fired) "
                + "VALUES (?, ?, ?, ?, ?)", keyStates.stream().map(k -> new Object[] {agreementId, k.guarantee(),
                k.key(), Timestamps.toDb(k.violatingSince()), Timestamps.toDb(k.lastFired())}).toList());
    }

    private StoredAgreement row(ResultSet rs, int rowNum) throws SQLException {
        String assessment = rs.getString("assessment");
        Agreement agreement = new Agreement(rs.getString("id"), rs.getString("name"),
                AgreementState.valueOf(rs.getString("state")),
                assessment == null ? null : json.readValue(assessment, Assessment.class),
                json.readValue(rs.getString("details"), Details.class));
        return new StoredAgreement(agreement, rs.getString("monitoring_url"), rs.getLong("version"));
    }
}
