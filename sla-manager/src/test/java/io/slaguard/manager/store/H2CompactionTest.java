package io.slaguard.manager.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.slaguard.manager.api.ManagerInstance;

/**
 * Compacting the running H2 file keeps every row, and runs while writes go on (with Java assertions on, so H2 checks
 * its own invariants); on PostgreSQL there is nothing to do. What it does to the file's size over time is measured
 * by benchmarks/manager/h2-growth.sh (docs/reliability.md).
 */
class H2CompactionTest {
    private static final SupportedDatabases DATABASES = new SupportedDatabases("sla_compaction");

    @AfterAll
    static void dropDatabases() throws SQLException {
        DATABASES.dropAll();
    }

    @Test
    void aRunningH2FileIsCompactedWithoutLosingARow() throws Exception {
        Path dir = Files.createTempDirectory("sla-compaction");
        try (ManagerInstance manager = ManagerInstance.start(Map.of("sla.assessment.enabled", "false",
                "sla.storage.url", "jdbc:h2:file:" + dir.resolve("sla") + ";DB_CLOSE_ON_EXIT=FALSE"))) {
            JdbcClient jdbc = manager.bean(JdbcClient.class);
            // what a manager does every tick: rewrite rows, here about 40 MB of text that does not compress
            java.util.Random random = new java.util.Random(1);
            jdbc.sql("INSERT INTO templates (id, id_lower, body, version) VALUES ('churn', 'churn', '{}', 'v')").update();
            for (int i = 0; i < 2_000; i++) {
                String body = random.ints(20_000, 'a', 'z' + 1).collect(StringBuilder::new,
                        StringBuilder::appendCodePoint, StringBuilder::append) + "-" + i;
                jdbc.sql("UPDATE templates SET body = :body WHERE id = 'churn'").param("body", body).update();
            }
            H2Compaction compaction = manager.bean(H2Compaction.class);
            assertThat(compaction.compact()).isPositive();
            for (int i = 0; i < 200; i++) {
                jdbc.sql("UPDATE templates SET body = :body WHERE id = 'churn'").param("body", "after-" + i).update();
                if (i % 50 == 0) {
                    assertThat(compaction.compact()).isPositive();
                }
            }
            assertThat(compaction.compact()).isLessThanOrEqualTo(Files.size(dir.resolve("sla.mv.db")));
            assertThat(jdbc.sql("SELECT body FROM templates WHERE id = 'churn'").query(String.class).single())
                    .isEqualTo("after-199");
        }
    }

    @Test
    void onPostgresqlThereIsNothingToCompact() throws Exception {
        try (ManagerInstance manager = DATABASES.manager("postgresql", Map.of("sla.assessment.enabled", "false"))) {
            assertThat(manager.bean(H2Compaction.class).compact()).isEqualTo(-1);
        }
    }
}
