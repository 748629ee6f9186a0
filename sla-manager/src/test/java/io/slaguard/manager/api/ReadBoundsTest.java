package io.slaguard.manager.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.slaguard.manager.model.KeyValue;
import io.slaguard.testsupport.MonitoringStack;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keys of 300,000 characters and series of 40 labels, pushed through the Pushgateway and scraped by Prometheus, do not
 * make the agreement's read routes large: the assessment and the dry run show each text cut, with a marker, while
 * the violations keep the full key.
 */
class ReadBoundsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int KEYS = 3;
    private static final int KEY_CHARS = 300_000;
    /** Far above what the cut views need (a few kB) and far below the uncut keys (about 2 MB with their labels). */
    private static final int BOUND_BYTES = 64 * 1024;

    @Test
    void hugePushedLabelsAreCutInEveryReadRouteAndKeptWholeInTheViolations() throws Exception {
        MonitoringStack stack = MonitoringStack.shared();
        String job = "bounds-" + UUID.randomUUID();
        StringBuilder pushed = new StringBuilder("# TYPE bound_probe gauge\n");
        for (int k = 0; k < KEYS; k++) {
            pushed.append("bound_probe{call_id=\"").append(callId(k)).append("\",function_name=\"")
                    .append("f".repeat(KEY_CHARS)).append('"');
            for (int l = 0; l < 40; l++) {
                pushed.append(",extra_").append(l).append("=\"v\"");
            }
            pushed.append("} 5\n");
        }
        push(stack.pushgateway().url() + "/metrics/job/" + job, pushed.toString());

        try (ManagerInstance manager = ManagerInstance.start(Map.of(
                "sla.prometheus.url", stack.prometheus().url(), "sla.transient-time", "1h"))) {
            HttpApi api = manager.api();
            assertThat(api.send("POST", "/agreements", """
                    {"id": "bounds", "name": "bounds",
                     "details": {"provider": {"id": "p", "name": "P"}, "client": {"id": "c", "name": "C"},
                       "variables": [{"name": "x", "metric": "bound_probe{exported_job=\\"%s\\"}"}],
                       "guarantees": [{"name": "g", "constraint": "x < 1"}]}}""".formatted(job)).status())
                    .isEqualTo(201);
            await("the keys' violations stored and assessed").atMost(Duration.ofSeconds(90)).until(() ->
                    JSON.readTree(api.get("/agreements/bounds/violations").body()).size() == KEYS
                            && JSON.readTree(api.get("/agreements/bounds").body()).path("assessment")
                            .path("guarantees").path("g").path("last_values").size() == KEYS);

            HttpApi.Reply agreement = api.get("/agreements/bounds");
            HttpApi.Reply evaluated = api.send("POST", "/agreements/bounds/evaluate", null);
            assertThat(evaluated.status()).isEqualTo(200);
            for (HttpApi.Reply read : new HttpApi.Reply[] {agreement, evaluated, api.get("/agreements"),
                    api.get("/agreements/bounds/details"), api.get("/agreements/bounds/queries")}) {
                assertThat(read.body().getBytes(StandardCharsets.UTF_8).length).isLessThan(BOUND_BYTES);
            }
            JsonNode lastValues = JSON.readTree(agreement.body()).path("assessment").path("guarantees").path("g")
                    .path("last_values");
            JsonNode dryRun = JSON.readTree(evaluated.body()).get(0).path("violating");
            assertThat(dryRun).hasSize(KEYS);
            for (JsonNode shown : new JsonNode[] {lastValues.get(0), dryRun.get(0)}) {
                String cutMarker = "…(" + (callId(0).length() - KeyValue.MAX_TEXT_CHARS) + " more chars)";
                assertThat(shown.path("key").asString()).startsWith("c").endsWith(cutMarker);
                assertThat(shown.path("resource").asString()).isEqualTo("f".repeat(KeyValue.MAX_TEXT_CHARS)
                        + "…(" + (KEY_CHARS - KeyValue.MAX_TEXT_CHARS) + " more chars)");
                assertThat(shown.path("labels").size()).isEqualTo(KeyValue.MAX_LABELS + 1);
                assertThat(shown.path("labels").path(KeyValue.MORE_LABELS).asString()).endsWith("more labels)");
            }

            JsonNode violations = JSON.readTree(api.get("/agreements/bounds/violations").body());
            for (int k = 0; k < KEYS; k++) {
                assertThat(violations.findValuesAsString("key")).contains(callId(k));
            }
        } finally {
            try (Response r = new OkHttpClient().newCall(new Request.Builder()
                    .url(stack.pushgateway().url() + "/metrics/job/" + job).delete().build()).execute()) {
                assertThat(r.isSuccessful()).isTrue();
            }
        }
    }

    private static String callId(int k) {
        return "c" + k + "-" + "c".repeat(KEY_CHARS);
    }

    private static void push(String url, String body) throws Exception {
        Request request = new Request.Builder().url(url)
                .post(RequestBody.create(body, MediaType.get("text/plain; version=0.0.4"))).build();
        try (Response r = new OkHttpClient().newCall(request).execute()) {
            assertThat(r.isSuccessful()).as(r.body().string()).isTrue();
        }
    }
}
