package io.slaguard.manager.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.slaguard.manager.api.HttpApi;
import io.slaguard.manager.api.ManagerInstance;
import io.slaguard.manager.store.JdbcOutbox;
import io.slaguard.testsupport.MonitoringStack;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The manager closed mid-way and started again on the same H2 file: agreements, templates, assessment state,
 * violations and the outbox survive; what was delivered is not delivered again, and a key inside its transient
 * time does not fire again.
 */
class RestartTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void nothingIsLostAndNothingIsResent() {
        try (ManagerInstance manager = ManagerInstance.start(Map.of(
                "sla.prometheus.url", MonitoringStack.shared().prometheus().url(),
                "sla.check-period", "300ms",
                "sla.transient-time", "1h"))) {
            HttpApi api = manager.api();
            assertThat(api.send("POST", "/agreements", """
                    {"id": "restart", "name": "restart",
                     "details": {"provider": {"id": "p", "name": "P"}, "client": {"id": "c", "name": "C"},
                       "variables": [{"name": "x", "metric": "vector(1)"}],
                       "guarantees": [{"name": "g", "constraint": "x < 1"}]}}""").status()).isEqualTo(201);
            assertThat(api.send("POST", "/templates", """
                    {"id": "restart_template", "name": "t", "details": {"name": "t",
                      "variables": [{"name": "x", "metric": "vector(1)"}],
                      "guarantees": [{"name": "g", "constraint": "x < 1"}]}}""").status()).isEqualTo(201);
            await("violation delivered to the log channel").atMost(Duration.ofSeconds(30))
                    .until(() -> manager.bean(JdbcOutbox.class).delivered("log"), n -> n == 1);
            List<OutboxRow> before = outbox(manager);
            JsonNode violationsBefore = JSON.readTree(api.get("/agreements/restart/violations").body());
            assertThat(violationsBefore.size()).isEqualTo(1);

            manager.restart();
            Instant restarted = Instant.now();
            HttpApi again = manager.api();
            await("a tick after the restart").atMost(Duration.ofSeconds(30)).until(() -> {
                String last = JSON.readTree(again.get("/agreements/restart").body()).path("assessment")
                        .path("last_execution").asString("");
                return !last.isEmpty() && Instant.parse(last).isAfter(restarted.plusMillis(700));
            });
            JsonNode agreement = JSON.readTree(again.get("/agreements/restart").body());
            assertThat(agreement.path("assessment").path("guarantees").path("g").path("state").asString()).isEqualTo("violated");
            assertThat(agreement.path("assessment").path("guarantees").path("g").path("last_violation").asString())
                    .isNotEmpty();
            assertThat(JSON.readTree(again.get("/agreements/restart/violations").body())).isEqualTo(violationsBefore);
            assertThat(again.get("/templates/restart_template").status()).isEqualTo(200);
            assertThat(outbox(manager)).isEqualTo(before);
            assertThat(manager.bean(JdbcOutbox.class).pending()).isZero();
        }
    }

    record OutboxRow(String violationId, String channel, int attempts, boolean delivered) {
    }

    private static List<OutboxRow> outbox(ManagerInstance manager) {
        return manager.bean(JdbcClient.class)
                .sql("SELECT violation_id, channel, attempts, delivered_at FROM outbox ORDER BY id")
                .query((rs, n) -> new OutboxRow(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getObject(4) != null))
                .list();
    }
}
