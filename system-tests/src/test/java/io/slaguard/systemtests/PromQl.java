package io.slaguard.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Instant queries at a chosen evaluation time, as Grafana and the manager send them, on Prometheus or
 * VictoriaMetrics ({@code nocache=1}: VictoriaMetrics otherwise answers within 30 s of now as of 30 s ago).
 */
final class PromQl {
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;

    PromQl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** One series of a result: its labels and value. */
    record Series(Map<String, String> labels, double value) {
        String label(String name) {
            return labels.getOrDefault(name, "");
        }
    }

    /** Thrown when Prometheus refuses a query: {@code bad_data} for a parse error, {@code execution} for others. */
    static final class QueryError extends RuntimeException {
        private final String errorType;

        QueryError(String errorType, String message) {
            super(errorType + ": " + message);
            this.errorType = errorType;
        }

        String errorType() {
            return errorType;
        }
    }

    /** Evaluates the expression at {@code time} (epoch seconds). */
    List<Series> at(String expr, double time) {
        return query("query=" + encode(expr) + "&time=" + time);
    }

    /** Evaluates the expression now. */
    List<Series> now(String expr) {
        return query("query=" + encode(expr));
    }

    /** The rule groups Prometheus has loaded ({@code /api/v1/rules}), each rule with its health and last error. */
    JsonNode ruleGroups() {
        try (Response response = HTTP.newCall(new Request.Builder().url(baseUrl + "/api/v1/rules").build()).execute()) {
            return JSON.readTree(response.body().string()).path("data").path("groups");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Series> query(String params) {
        Request request = new Request.Builder().url(baseUrl + "/api/v1/query?" + params + "&nocache=1").build();
        try (Response response = HTTP.newCall(request).execute()) {
            JsonNode body = JSON.readTree(response.body().string());
            if (!"success".equals(body.path("status").asString())) {
                throw new QueryError(body.path("errorType").asString(), body.path("error").asString());
            }
            JsonNode data = body.path("data");
            List<Series> out = new ArrayList<>();
            switch (data.path("resultType").asString()) {
                case "scalar" -> out.add(new Series(Map.of(), value(data.path("result"))));
                case "vector" -> data.path("result").forEach(s -> {
                    Map<String, String> labels = new TreeMap<>();
                    s.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
                    out.add(new Series(labels, value(s.path("value"))));
                });
                default -> throw new QueryError("unexpected", "result type " + data.path("resultType").asString());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double value(JsonNode sample) {
        String v = sample.get(1).asString();
        return switch (v) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(v);
        };
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
