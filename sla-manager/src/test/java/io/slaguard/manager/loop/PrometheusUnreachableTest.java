package io.slaguard.manager.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.slaguard.manager.api.HttpApi;
import io.slaguard.manager.api.ManagerInstance;
import io.slaguard.testsupport.MonitoringStack;
import io.slaguard.testsupport.TcpProxy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Prometheus unreachable: guarantees are unknown, nothing is invented, health says so; back up, work resumes. */
class PrometheusUnreachableTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void unreachablePrometheusMeansUnknownNotViolated() {
        MonitoringStack stack = MonitoringStack.shared();
        try (TcpProxy proxy = TcpProxy.to("127.0.0.1", stack.prometheus().port())) {
            proxy.cut();
            try (ManagerInstance manager = ManagerInstance.start(Map.of(
                    "sla.prometheus.url", "http://127.0.0.1:" + proxy.port(),
                    "sla.prometheus.timeout", "2s",
                    "sla.transient-time", "1h"))) {
                HttpApi api = manager.api();
                // always violated whenever Prometheus answers: vector(1) is never below 1
                assertThat(api.send("POST", "/agreements", """
                        {"id": "outage", "name": "outage",
                         "details": {"provider": {"id": "p", "name": "P"}, "client": {"id": "c", "name": "C"},
                           "variables": [{"name": "x", "metric": "vector(1)"}],
                           "guarantees": [{"name": "g", "constraint": "x < 1"}]}}""").status()).isEqualTo(201);

                await("guarantee unknown").atMost(Duration.ofSeconds(30)).until(() -> guaranteeState(api), "unknown"::equals);
                JsonNode guarantee = JSON.readTree(api.get("/agreements/outage").body()).path("assessment")
                        .path("guarantees").path("g");
                assertThat(guarantee.path("error").asString()).contains("unreachable");
                assertThat(JSON.readTree(api.get("/agreements/outage/violations").body()).size()).isZero();
                HttpApi.Reply health = api.get("/actuator/health");
                assertThat(health.status()).isEqualTo(503);
                assertThat(JSON.readTree(health.body()).path("components").path("prometheus").path("status").asString())
                        .isEqualTo("DOWN");
                // not ready, still alive: a restart would not bring Prometheus back
                HttpApi.Reply readiness = api.get("/actuator/health/readiness");
                assertThat(readiness.status()).isEqualTo(503);
                assertThat(JSON.readTree(readiness.body()).path("status").asString()).isEqualTo("DOWN");
                HttpApi.Reply liveness = api.get("/actuator/health/liveness");
                assertThat(liveness.status()).isEqualTo(200);
                assertThat(JSON.readTree(liveness.body()).path("status").asString()).isEqualTo("UP");
                assertThat(api.get("/actuator/prometheus").body())
                        .contains("sla_guarantee_state{agreement=\"outage\",guarantee=\"g\",state=\"unknown\"} 1.0");

                proxy.restore();
                await("violation once Prometheus is back").atMost(Duration.ofSeconds(30))
                        .until(() -> JSON.readTree(api.get("/agreements/outage/violations").body()).size(), n -> n == 1);
                await("health up again").atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(
                        api.get("/actuator/health").body()).path("components").path("prometheus").path("status")
                        .asString(), "UP"::equals);
                await("ready again").atMost(Duration.ofSeconds(30))
                        .until(() -> api.get("/actuator/health/readiness").status(), status -> status == 200);
            }
        }
    }

    private static String guaranteeState(HttpApi api) {
        return JSON.readTree(api.get("/agreements/outage").body()).path("assessment").path("guarantees").path("g")
                .path("state").asString("");
    }
}
