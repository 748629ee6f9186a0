package io.slaguard.manager.learning.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.slaguard.manager.api.ManagerInstance;
import io.slaguard.manager.store.PostgresDatabase;

/**
 * A database made by the first schema (V1, before the learning plane) is upgraded in place when the manager starts:
 * what it held stays, and the history and model tables are there, empty.
 */
class HistoryMigrationTest {

    @Test
    void anH2DatabaseOfTheFirstSchemaIsUpgraded() throws Exception {
        String url = "jdbc:h2:file:" + Files.createTempDirectory("sla-v1").resolve("sla") + ";DB_CLOSE_ON_EXIT=FALSE";
        upgradeKeepsWhatWasThere(url);
    }

    @Test
    void aPostgresqlDatabaseOfTheFirstSchemaIsUpgraded() throws Exception {
        try (PostgresDatabase database = PostgresDatabase.create("sla_v1")) {
            upgradeKeepsWhatWasThere(database.url());
        }
    }

    private static void upgradeKeepsWhatWasThere(String url) {
        Flyway.configure().dataSource(url, "", "").locations("classpath:db/migration").target("1").load().migrate();
        JdbcClient v1 = JdbcClient.create(new DriverManagerDataSource(url, "", ""));
        v1.sql("INSERT INTO providers (id, name) VALUES ('aws', 'AWS Lambda')").update();

        try (ManagerInstance manager = ManagerInstance.start(Map.of("sla.storage.url", url,
                "sla.learning.history.period", "1h"))) {
            assertThat(manager.api().get("/providers/aws").body()).contains("AWS Lambda");
            assertThat(manager.api().get("/history").body()).isEqualTo("[]");
            assertThat(manager.api().get("/models").body()).isEqualTo("[]");
            List<String> versions = manager.bean(JdbcClient.class)
                    .sql("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"")
                    .query(String.class).list();
            assertThat(versions).startsWith("1").endsWith("3");
        }
    }
}
