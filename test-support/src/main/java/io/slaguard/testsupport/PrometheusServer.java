package io.slaguard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * A real Prometheus on a free loopback port, scraping the given targets every second with
 * {@code honor_labels: false} (the shipped scrape config), with a fresh TSDB.
 */
public final class PrometheusServer extends ManagedProcess {
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final int port;

    private PrometheusServer(int port, Path dir, Path config) {
        super("prometheus-" + port, List.of(binary(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-admin-api", "--web.enable-lifecycle"),
                "http://127.0.0.1:" + port + "/-/ready", dir);
        this.port = port;
    }

    /** Starts Prometheus scraping each {@code host:port} target (e.g. a Pushgateway) every second. */
    public static PrometheusServer launch(String... targets) {
        return launch(Map.of("pushgateway", List.of(targets)));
    }

    /** Starts Prometheus with one scrape job per entry: job name → targets (all {@code /metrics}, 1 s). */
    public static PrometheusServer launch(Map<String, List<String>> jobs) {
        return launch(jobs, Map.of());
    }

    /**
     * Starts Prometheus with one scrape job per entry: job name → targets, every second, at the job's path in
     * {@code metricsPaths} (e.g. the manager's {@code /actuator/prometheus}), {@code /metrics} for the others.
     */
    public static PrometheusServer launch(Map<String, List<String>> jobs, Map<String, String> metricsPaths) {
        Path dir = tempDir("prometheus");
        StringBuilder yml = new StringBuilder("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n");
        new TreeMap<>(jobs).forEach((job, targets) -> {
            yml.append("  - job_name: ").append(job).append("\n    honor_labels: false\n");
            if (metricsPaths.containsKey(job)) {
                yml.append("    metrics_path: ").append(metricsPaths.get(job)).append('\n');
            }
            yml.append("    static_configs:\n      - targets: [");
            yml.append(String.join(", ", targets.stream().map(t -> "'" + t + "'").toList())).append("]\n");
        });
        Path config = dir.resolve("prometheus.yml");
        try {
            Files.writeString(config, yml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PrometheusServer server = new PrometheusServer(FreePort.find(), dir, config);
        server.start();
        return server;
    }

    private static String binary() {
        return System.getenv().getOrDefault("PROMETHEUS_BIN", "/usr/bin/prometheus");
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** One series of an instant query: its labels and value. */
    public record Series(Map<String, String> labels, double value) {
        public String label(String name) {
            return labels.get(name);
        }
    }

    /** Runs an instant query now; fails on a Prometheus error. */
    public List<Series> query(String promql) {
        String url = url() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
        try (Response r = HTTP.newCall(new Request.Builder().url(url).build()).execute()) {
            JsonNode body = JSON.readTree(r.body().string());
            if (!"success".equals(body.path("status").asString())) {
                throw new IllegalStateException("query failed: " + promql + " → " + body);
            }
            JsonNode data = body.path("data");
            List<Series> out = new ArrayList<>();
            if ("scalar".equals(data.path("resultType").asString())) {
                out.add(new Series(Map.of(), Double.parseDouble(data.path("result").get(1).asString())));
                return out;
            }
            for (JsonNode s : data.path("result")) {
                Map<String, String> labels = new TreeMap<>();
                s.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
                out.add(new Series(labels, Double.parseDouble(s.path("value").get(1).asString())));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
