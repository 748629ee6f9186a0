package io.slaguard.manager.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.slaguard.testsupport.MonitoringStack;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The queries of an agreement, read and run by hand against the real Prometheus, without any effect. */
class EvaluateTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void anAgreementsQueriesAreShownAndRunWithoutFiringAnything() {
        try (ManagerInstance manager = ManagerInstance.start(Map.of(
                "sla.prometheus.url", MonitoringStack.shared().prometheus().url()))) {
            HttpApi api = manager.api();
            // stopped: the loop leaves it alone, so whatever is stored afterwards came from the dry run
            assertThat(api.send("POST", "/agreements", """
                    {"id": "dry", "name": "dry", "state": "stopped",
                     "details": {"provider": {"id": "p", "name": "P"}, "client": {"id": "c", "name": "C"},
                       "variables": [{"name": "x", "metric": "label_replace(vector(3), \\"job_id\\", \\"j1\\", \\"\\", \\"\\")"},
                                     {"name": "r", "metric": "vector(1)[1m:10s]"}],
                       "guarantees": [{"name": "low", "constraint": "x < 2"},
                                      {"name": "high", "constraint": "x < 5"},
                                      {"name": "ranged", "constraint": "r < 10"}]}}""").status()).isEqualTo(201);

            JsonNode queries = JSON.readTree(api.get("/agreements/dry/queries").body());
            assertThat(queries).hasSize(3);
            assertThat(queries.get(0).path("guarantee").asString()).isEqualTo("low");
            assertThat(queries.get(0).path("query").asString()).endsWith(">= 2");
            assertThat(queries.get(0).has("violating")).isFalse();
            assertThat(queries.get(2).path("notes").get(0).asString()).contains("last_over_time");

            JsonNode evaluated = JSON.readTree(api.send("POST", "/agreements/dry/evaluate", null).body());
            JsonNode low = evaluated.get(0).path("violating");
            assertThat(low).hasSize(1);
            assertThat(low.get(0).path("key").asString()).isEqualTo("j1");
            assertThat(low.get(0).path("value").asDouble()).isEqualTo(3.0);
            assertThat(low.get(0).path("labels").path("job_id").asString()).isEqualTo("j1");
            assertThat(evaluated.get(1).path("violating")).isEmpty();
            assertThat(evaluated.get(2).path("violating")).isEmpty();
            assertThat(evaluated.get(2).has("error")).isFalse();

            // nothing fired, nothing assessed
            assertThat(JSON.readTree(api.get("/agreements/dry/violations").body())).isEmpty();
            assertThat(JSON.readTree(api.get("/agreements/dry").body()).path("assessment").path("guarantees")
                    .size()).isZero();
            assertThat(api.get("/agreements/nope/queries").status()).isEqualTo(404);
            assertThat(api.send("POST", "/agreements/nope/evaluate", null).status()).isEqualTo(404);
        }
    }
}
