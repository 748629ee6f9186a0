package io.slaguard.bench.manager;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.slaguard.testsupport.FreePort;
import io.slaguard.testsupport.ManagedProcess;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The query engine of a run, scraping the Pushgateways (every second, as shipped, unless told otherwise) with
 * {@code honor_labels: false}, like test-support's engines: a real Prometheus with a query log (every query the
 * manager sends is logged with Prometheus' own timings, which is how a tick is split into query time and manager
 * work), or a real VictoriaMetrics single node ({@code --engine victoria-metrics}), which has no such log.
 */
final class QueryLoggingPrometheus extends ManagedProcess {
    /** The engines a run can use, by their {@code --engine} name. */
    enum Engine {
        PROMETHEUS("prometheus"), VICTORIA_METRICS("victoria-metrics");

        final String option;

        Engine(String option) {
            this.option = option;
        }

        static Engine of(String option) {
            for (Engine engine : values()) {
                if (engine.option.equals(option)) {
                    return engine;
                }
            }
            throw new IllegalArgumentException("--engine must be prometheus or victoria-metrics, got " + option);
        }
    }

    private static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Engine engine;
    private final int port;
    private final Path queryLog;

    private QueryLoggingPrometheus(Engine engine, int port, Path dir, Path config, Path queryLog) {
        super(engine.option + "-" + port, command(engine, port, dir, config),
                "http://127.0.0.1:" + port + (engine == Engine.PROMETHEUS ? "/-/ready" : "/health"), dir);
        this.engine = engine;
        this.port = port;
        this.queryLog = queryLog;
    }

    private static List<String> command(Engine engine, int port, Path dir, Path config) {
        return switch (engine) {
            case PROMETHEUS -> List.of("/usr/bin/prometheus", "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port);
            case VICTORIA_METRICS -> List.of("/usr/bin/victoria-metrics", "-httpListenAddr=127.0.0.1:" + port,
                    "-storageDataPath=" + dir.resolve("data"), "-promscrape.config=" + config, "-retentionPeriod=1d");
        };
    }

    static QueryLoggingPrometheus launch(String pushgatewayAddress, Path dir, Duration scrapeInterval)
            throws IOException {
        return launch(Engine.PROMETHEUS, List.of(pushgatewayAddress), dir, scrapeInterval);
    }

    static QueryLoggingPrometheus launch(Engine engine, List<String> pushgatewayAddresses, Path dir,
                                         Duration scrapeInterval) throws IOException {
        Files.createDirectories(dir);
        Path queryLog = dir.resolve("query.log");
        Path config = dir.resolve("scrape.yml");
        // VictoriaMetrics refuses the keys it does not use (evaluation_interval, query_log_file)
        String global = engine == Engine.PROMETHEUS
                ? "  evaluation_interval: 1s\n  query_log_file: " + queryLog + "\n" : "";
        List<String> targets = new ArrayList<>();
        pushgatewayAddresses.forEach(address -> targets.add("'" + address + "'"));
        Files.writeString(config, """
                global:
                  scrape_interval: %dms
                %sscrape_configs:
                  - job_name: pushgateway
                    honor_labels: false
                    static_configs:
                      - targets: [%s]
                """.formatted(scrapeInterval.toMillis(), global, String.join(", ", targets)));
        QueryLoggingPrometheus prometheus = new QueryLoggingPrometheus(engine, FreePort.find(), dir, config, queryLog);
        prometheus.start();
        return prometheus;
    }

    Engine engine() {
        return engine;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Prometheus' query log; never written by VictoriaMetrics. */
    Path queryLog() {
        return queryLog;
    }

    /** Runs a query now and returns how long the engine took to answer, in seconds. */
    double time(String promql) throws IOException {
        long begin = System.nanoTime();
        try (Response response = HTTP.newCall(new Request.Builder().url(queryUrl(promql)).build()).execute()) {
            response.body().string();
            if (!response.isSuccessful()) {
                throw new IOException("query failed: HTTP " + response.code());
            }
            return (System.nanoTime() - begin) / 1e9;
        }
    }

    /** The value of a query that yields one number (e.g. a count); 0 when the result is empty. */
    double value(String promql) throws IOException {
        try (Response response = HTTP.newCall(new Request.Builder().url(queryUrl(promql)).build()).execute()) {
            JsonNode body = JSON.readTree(response.body().string());
            if (!"success".equals(body.path("status").asString())) {
                throw new IOException("query failed: " + promql + " → " + body);
            }
            JsonNode result = body.path("data").path("result");
            if (result.isEmpty()) {
                return 0;
            }
            JsonNode value = result.isArray() && result.get(0).has("value") ? result.get(0).path("value") : result;
            return Double.parseDouble(value.get(1).asString());
        }
    }

    /** The engine's resident set now and at its peak (VmRSS, VmHWM), in MB. */
    double[] residentMb() throws IOException {
        double rss = 0;
        double peak = 0;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024;
            } else if (line.startsWith("VmHWM:")) {
                peak = Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return new double[] {rss, peak};
    }

    /** As the manager asks: {@code nocache=1} so VictoriaMetrics answers with the last scrape (Prometheus ignores it). */
    private String queryUrl(String promql) {
        return url() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&nocache=1";
    }
}
