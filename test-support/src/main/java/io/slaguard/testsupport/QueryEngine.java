package io.slaguard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real PromQL engine on a free loopback port that scrapes its targets itself (Prometheus or VictoriaMetrics
 * single node), with its own temp data dir, deleted once the process stopped.
 */
public abstract class QueryEngine extends ManagedProcess {
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EngineKind kind;
    private final int port;
    private final Path dataDir;

    protected QueryEngine(EngineKind kind, int port, List<String> command, String readyPath, Path dir) {
        super(kind.name().toLowerCase() + "-" + port, command, "http://127.0.0.1:" + port + readyPath, dir);
        this.kind = kind;
        this.port = port;
        this.dataDir = dataDir(dir);
    }

    /** Where the engine keeps its series, under its work dir. */
    protected static Path dataDir(Path dir) {
        return dir.resolve("data");
    }

    /**
     * The scrape configuration both engines read (VictoriaMetrics' {@code -promscrape.config} takes Prometheus'
     * format): one job per entry, job name → {@code host:port} targets, every second, {@code honor_labels: false}
     * as shipped.
     */
    protected static Path writeScrapeConfig(Path dir, Map<String, List<String>> jobs) {
        return writeScrapeConfig(dir, jobs, Map.of());
    }

    /** As above, scraping a job's targets at its path in {@code metricsPaths} (e.g. the manager's {@code /actuator/prometheus}). */
    protected static Path writeScrapeConfig(Path dir, Map<String, List<String>> jobs, Map<String, String> metricsPaths) {
        StringBuilder yml = new StringBuilder("global:\n  scrape_interval: 1s\nscrape_configs:\n");
        new TreeMap<>(jobs).forEach((job, targets) -> {
            yml.append("  - job_name: ").append(job).append("\n    honor_labels: false\n");
            if (metricsPaths.containsKey(job)) {
                yml.append("    metrics_path: ").append(metricsPaths.get(job)).append('\n');
            }
            yml.append("    static_configs:\n      - targets: [");
            yml.append(String.join(", ", targets.stream().map(t -> "'" + t + "'").toList())).append("]\n");
        });
        Path config = dir.resolve("scrape.yml");
        try {
            Files.writeString(config, yml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }

    public EngineKind kind() {
        return kind;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Extra parameters of every query this class sends, e.g. {@code &nocache=1}; empty for Prometheus. */
    protected String queryParameters() {
        return "";
    }

    /** One series of an instant query: its labels and value. */
    public record Series(Map<String, String> labels, double value) {
        public String label(String name) {
            return labels.get(name);
        }
    }

    /** Runs an instant query now; fails on an engine error. */
    public List<Series> query(String promql) {
        String url = url() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + queryParameters();
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

    @Override
    public synchronized void stop() {
        super.stop();
        if (Files.isDirectory(dataDir)) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public String toString() {
        return kind.toString();
    }
}
