package io.slaguard.manager.learning.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.slaguard.manager.api.ManagerInstance;
import io.slaguard.manager.learning.models.CallFeatures;
import io.slaguard.manager.learning.models.DurationModel;
import io.slaguard.manager.learning.models.DurationModelTrainer;
import io.slaguard.manager.learning.models.TrainerSettings;
import io.slaguard.manager.learning.models.TrainingSample;
import io.slaguard.manager.learning.training.ModelStore;
import io.slaguard.manager.store.PostgresDatabase;
import io.slaguard.protocol.Learning;

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

    /** Every statement of the history and the model store, on this database's dialect. */
    private static void historyAndModelsWork(ManagerInstance manager) {
        AttemptHistory history = manager.bean(AttemptHistory.class);
        HistoryRow ended = new HistoryRow("abc123", "abc123-0-M000", "abc123-0-M000-00000", 0, "fn", 1024.0, null, null,
                100, 103, Learning.OUTCOME_ENDED, new ProfileSummary(50.0, 90.0, null, null, null));
        assertThat(history.recordOnce(ended)).isTrue();
        assertThat(history.recordOnce(ended)).isFalse();
        assertThat(history.latest(null, 10)).containsExactly(ended);
        assertThat(history.latest("fn", 10)).containsExactly(ended);
        assertThat(history.latestEnded("fn", 10)).extracting(AttemptHistory.Entry::row).containsExactly(ended);
        assertThat(history.progress()).singleElement().satisfies(p -> assertThat(p.ended()).isEqualTo(1));

        DurationModel model = new DurationModelTrainer(TrainerSettings.defaults()).train("fn",
                List.of(new TrainingSample(CallFeatures.unknown(), 3), new TrainingSample(CallFeatures.unknown(), 3)),
                1, Instant.parse("2026-12-06T08:00:00Z"));
        ModelStore store = manager.bean(ModelStore.class);
        store.save(model, 1);
        assertThat(store.reports()).extracting(ModelStore.StoredReport::report).containsExactly(model.report());
        assertThat(store.newestServable("fn")).isPresent();
        assertThat(store.prune("fn", 1)).isZero();
        assertThat(history.prune(104)).isEqualTo(1);
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
            historyAndModelsWork(manager);
        }
    }
}
