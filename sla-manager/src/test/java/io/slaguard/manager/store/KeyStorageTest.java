package io.slaguard.manager.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.slaguard.manager.api.HttpApi;
import io.slaguard.manager.api.ManagerInstance;
import io.slaguard.testsupport.MonitoringStack;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A key of any length a label can have is stored, and a key the store cannot hold (a NUL character) is reported
 * and left out while the agreement's other keys are stored: on a database made by the first schema version,
 * upgraded in place, whose key states survive the upgrade.
 */
class KeyStorageTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<PostgresDatabase> CREATED = new ArrayList<>();
    private static final String LONG_CALL_ID = "c".repeat(5000);

    @AfterAll
    static void dropDatabases() throws SQLException {
        for (PostgresDatabase database : CREATED) {
            database.close();
        }
    }

    @ParameterizedTest
    @MethodSource("io.slaguard.manager.store.SupportedDatabases#kinds")
    void longKeysAreStoredAndAnUnstorableKeyDropsOnlyItself(String kind) throws Exception {
        Map<String, Object> settings = Map.of("sla.prometheus.url", MonitoringStack.shared().prometheus().url(),
                "sla.transient-time", "1h");
        String url = freshDatabase(kind);
        // the first schema version, with an agreement and a key state in it, as an older manager left them
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("1").load()
                .migrate();
        JdbcClient v1 = JdbcClient.create(new org.springframework.jdbc.datasource.DriverManagerDataSource(url));
        v1.sql("INSERT INTO agreements (id, name, state, details) VALUES ('old', 'old', 'stopped', '{}')").update();
        v1.sql("INSERT INTO key_states (agreement_id, guarantee, key_value, violating_since) "
                + "VALUES ('old', 'g', 'k1', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00')").update();

        Map<String, Object> onUpgraded = new java.util.HashMap<>(settings);
        onUpgraded.put("sla.storage.url", url);
        try (ManagerInstance manager = ManagerInstance.start(onUpgraded)) {
            JdbcClient jdbc = manager.bean(JdbcClient.class);
            assertThat(jdbc.sql("SELECT key_value FROM key_states WHERE agreement_id = 'old'").query(String.class)
                    .list()).containsExactly("k1");

            HttpApi api = manager.api();
            String metric = series(LONG_CALL_ID) + " or " + series("short") + " or " + series("nul\\x00inside");
            assertThat(api.send("POST", "/agreements", """
                    {"id": "keys", "name": "keys",
                     "details": {"provider": {"id": "p", "name": "P"}, "client": {"id": "c", "name": "C"},
                       "variables": [{"name": "x", "metric": "%s"}],
                       "guarantees": [{"name": "g", "constraint": "x < 1"}]}}""".formatted(metric.replace("\\", "\\\\")
                    .replace("\"", "\\\""))).status()).isEqualTo(201);
            await("the storable keys' violations stored").atMost(Duration.ofSeconds(60)).until(() ->
                    JSON.readTree(api.get("/agreements/keys/violations").body()).size() == 2);
            JsonNode violations = JSON.readTree(api.get("/agreements/keys/violations").body());
            assertThat(violations.findValuesAsString("key")).containsExactlyInAnyOrder(LONG_CALL_ID, "short");
            assertThat(jdbc.sql("SELECT key_value FROM key_states WHERE agreement_id = 'keys'").query(String.class)
                    .list()).containsExactlyInAnyOrder(LONG_CALL_ID, "short");

            JsonNode keysHealth = JSON.readTree(api.get("/actuator/health").body()).path("components").path("keys");
            assertThat(keysHealth.path("status").asString()).isEqualTo("DOWN");
            assertThat(keysHealth.path("details").path("unstorableKeys").asInt()).isEqualTo(1);
            assertThat(api.get("/actuator/prometheus").body())
                    .contains("sla_unstorable_keys_total{agreement=\"keys\",guarantee=\"g\"");
        }
    }

    private static String series(String callId) {
        return "label_replace(vector(1), \"call_id\", \"" + callId + "\", \"\", \"\")";
    }

    private static String freshDatabase(String kind) throws Exception {
        if (kind.equals("postgresql")) {
            PostgresDatabase database = PostgresDatabase.create("sla_keys");
            CREATED.add(database);
            return database.url();
        }
        return "jdbc:h2:file:" + Files.createTempDirectory("sla-keys").resolve("sla") + ";DB_CLOSE_ON_EXIT=FALSE";
    }
}
