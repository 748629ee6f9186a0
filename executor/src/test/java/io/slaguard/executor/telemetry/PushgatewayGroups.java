package io.slaguard.executor.telemetry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a Pushgateway's groups through its {@code /api/v1/metrics} API, and pushes as Lithops does. */
public final class PushgatewayGroups {
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String url;

    public PushgatewayGroups(String url) {
        this.url = url;
    }

    /** One metric of one group: its TYPE as the Pushgateway stored it and its value. */
    public record Metric(Map<String, String> groupLabels, String name, String type, double value) {
    }

    /** Every pushed metric the Pushgateway holds in groups whose {@code instance} label is {@code instance}. */
    public List<Metric> metricsOf(String instance) {
        try (Response r = HTTP.newCall(new Request.Builder().url(url + "/api/v1/metrics").build()).execute()) {
            JsonNode body = JSON.readTree(r.body().string());
            List<Metric> out = new ArrayList<>();
            for (JsonNode group : body.path("data")) {
                Map<String, String> labels = new TreeMap<>();
                group.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
                if (!instance.equals(labels.get("instance"))) {
                    continue;
                }
                group.properties().forEach(e -> {
                    JsonNode family = e.getValue();
                    // push_time_seconds and push_failure_time_seconds are the Pushgateway's own bookkeeping
                    if (family.has("type") && family.path("metrics").size() > 0 && !e.getKey().startsWith("push_")) {
                        out.add(new Metric(labels, e.getKey(), family.path("type").asString(),
                                Double.parseDouble(family.path("metrics").get(0).path("value").asString())));
                    }
                });
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One metric in one POST, the body Lithops' PrometheusExporter.send_metric writes; returns the HTTP status. */
    public int pushAsLithops(String instance, List<Map.Entry<String, String>> labels, String name, String type,
                             double value) {
        StringBuilder path = new StringBuilder(url + "/metrics/job/lithops/instance/" + instance);
        labels.forEach(label -> path.append('/').append(label.getKey()).append('/').append(label.getValue()));
        String body = "# TYPE " + name + " " + type + "\n" + name + " " + value + "\n";
        Request request = new Request.Builder().url(path.toString())
                .post(RequestBody.create(body, MediaType.get("application/x-www-form-urlencoded"))).build();
        try (Response r = HTTP.newCall(request).execute()) {
            return r.code();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
