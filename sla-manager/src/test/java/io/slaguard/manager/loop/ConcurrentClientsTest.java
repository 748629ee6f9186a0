package io.slaguard.manager.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.slaguard.manager.api.HttpApi;
import io.slaguard.manager.api.ManagerInstance;
import io.slaguard.testsupport.MonitoringStack;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** API clients changing states while the loop assesses and writes: no error, and no PATCH is lost. */
class ConcurrentClientsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int CLIENTS = 6;
    private static final int AGREEMENTS_PER_CLIENT = 3;
    private static final int CHANGES_PER_AGREEMENT = 15;

    @Test
    void noLostStateChangeWhileTheLoopWrites() throws Exception {
        try (ManagerInstance manager = ManagerInstance.start(Map.of(
                "sla.prometheus.url", MonitoringStack.shared().prometheus().url(),
                "sla.check-period", "100ms"))) {
            HttpApi api = manager.api();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < CLIENTS * AGREEMENTS_PER_CLIENT; i++) {
                String id = "conc-" + i;
                ids.add(id);
                assertThat(api.send("POST", "/agreements", """
                        {"id": "%s", "name": "%s",
                         "details": {"provider": {"id": "p", "name": "P"}, "client": {"id": "c", "name": "C"},
                           "variables": [{"name": "x", "metric": "vector(1)"}],
                           "guarantees": [{"name": "g", "constraint": "x < 1"}]}}""".formatted(id, id)).status())
                        .isEqualTo(201);
            }
            Instant begin = Instant.now();
            Map<String, String> lastRequested = new ConcurrentHashMap<>();
            List<String> failures = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                List<String> mine = ids.subList(c * AGREEMENTS_PER_CLIENT, (c + 1) * AGREEMENTS_PER_CLIENT);
                clients.add(pool.submit(() -> {
                    for (int n = 0; n < CHANGES_PER_AGREEMENT; n++) {
                        for (String id : mine) {
                            String state = n % 2 == 0 ? "stopped" : "started";
                            HttpApi.Reply reply = n % 3 == 0
                                    ? api.send("PUT", "/agreements/" + id + "/" + (state.equals("stopped") ? "stop" : "start"), null)
                                    : api.send("PATCH", "/agreements/" + id, "{\"state\": \"" + state + "\"}");
                            HttpApi.Reply read = api.get("/agreements/" + id);
                            if (reply.status() >= 300 || read.status() != 200) {
                                synchronized (failures) {
                                    failures.add(id + ": " + reply.status() + " " + reply.body());
                                }
                            }
                            lastRequested.put(id, state);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get();
            }
            pool.shutdown();
            assertThat(failures).isEmpty();
            for (String id : ids) {
                JsonNode agreement = JSON.readTree(api.get("/agreements/" + id).body());
                assertThat(agreement.path("state").asString()).as(id).isEqualTo(lastRequested.get(id));
            }
            // the loop really was writing meanwhile
            await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream().anyMatch(id -> {
                String last = JSON.readTree(api.get("/agreements/" + id).body()).path("assessment")
                        .path("last_execution").asString("");
                return !last.isEmpty() && Instant.parse(last).isAfter(begin);
            }));
        }
    }
}
