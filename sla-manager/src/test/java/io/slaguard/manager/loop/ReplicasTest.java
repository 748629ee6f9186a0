package io.slaguard.manager.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.slaguard.manager.api.HttpApi;
import io.slaguard.manager.api.ManagerInstance;
import io.slaguard.manager.store.AssessorLease;
import io.slaguard.manager.store.JdbcOutbox;
import io.slaguard.manager.store.PostgresDatabase;
import io.slaguard.testsupport.MonitoringStack;
import tools.jackson.databind.json.JsonMapper;

/** Two managers on one PostgreSQL database: one assesses, nothing fires twice, the other takes over. */
class ReplicasTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void oneAssessorAtATime() throws Exception {
        PostgresDatabase database = PostgresDatabase.create("sla_replicas");
        Map<String, Object> settings = Map.of(
                "sla.storage.url", database.url(),
                "sla.prometheus.url", MonitoringStack.shared().prometheus().url(),
                "sla.check-period", "300ms",
                "sla.transient-time", "1h");
        try (ManagerInstance first = ManagerInstance.start(settings);
             ManagerInstance second = ManagerInstance.start(settings)) {
            HttpApi api = second.api();
            assertThat(api.send("POST", "/agreements", """
                    {"id": "replicas", "name": "replicas",
                     "details": {"provider": {"id": "p", "name": "P"}, "client": {"id": "c", "name": "C"},
                       "variables": [{"name": "x", "metric": "vector(1)"}],
                       "guarantees": [{"name": "g", "constraint": "x < 1"}]}}""").status()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> JSON.readTree(api.get("/agreements/replicas/violations").body()).size() == 1);
            Instant fired = Instant.now();
            await("more ticks after the violation").atMost(Duration.ofSeconds(30)).until(() -> {
                String last = JSON.readTree(first.api().get("/agreements/replicas").body()).path("assessment")
                        .path("last_execution").asString("");
                return !last.isEmpty() && Instant.parse(last).isAfter(fired.plusSeconds(1));
            });
            assertThat(JSON.readTree(api.get("/agreements/replicas/violations").body()).size()).isEqualTo(1);
            assertThat(first.bean(JdbcOutbox.class).delivered("log") + first.bean(JdbcOutbox.class).pending())
                    .isEqualTo(1);

            boolean firstLeads = first.bean(AssessorLease.class).acquire();
            boolean secondLeads = second.bean(AssessorLease.class).acquire();
            assertThat(firstLeads).isNotEqualTo(secondLeads);

            ManagerInstance leader = firstLeads ? first : second;
            ManagerInstance standby = firstLeads ? second : first;
            leader.close();
            Instant handover = Instant.now();
            await("the standby takes over").atMost(Duration.ofSeconds(30)).until(() -> {
                String last = JSON.readTree(standby.api().get("/agreements/replicas").body()).path("assessment")
                        .path("last_execution").asString("");
                return !last.isEmpty() && Instant.parse(last).isAfter(handover);
            });
            assertThat(JSON.readTree(standby.api().get("/agreements/replicas/violations").body()).size()).isEqualTo(1);
        } finally {
            database.close();
        }
    }
}
