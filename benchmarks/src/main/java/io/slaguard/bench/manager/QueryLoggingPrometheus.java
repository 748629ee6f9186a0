package io.slaguard.bench.manager;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.slaguard.testsupport.FreePort;
import io.slaguard.testsupport.ManagedProcess;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus scraping the Pushgateway (every second, as shipped, unless told otherwise) with {@code honor_labels: false}, like test-support's
 * PrometheusServer, plus a query log: every query the manager sends is logged with Prometheus' own timings,
 * which is how a tick is split into query time and manager work.
 */
final class QueryLoggingPrometheus extends ManagedProcess {
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int port;
    private final Path queryLog;

    private QueryLoggingPrometheus(int port, Path dir, Path config, Path queryLog) {
        super("prometheus-" + port, List.of("/usr/bin/prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port),
                "http://127.0.0.1:" + port + "/-/ready", dir);
        this.port = port;
        this.queryLog = queryLog;
    }

    static QueryLoggingPrometheus launch(String pushgatewayAddress, Path dir, Duration scrapeInterval)
            throws IOException {
        Files.createDirectories(dir);
        Path queryLog = dir.resolve("query.log");
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: %dms
                  evaluation_interval: 1s
                  query_log_file: %s
                scrape_configs:
                  - job_name: pushgateway
                    honor_labels: false
                    static_configs:
                      - targets: ['%s']
                """.formatted(scrapeInterval.toMillis(), queryLog, pushgatewayAddress));
        QueryLoggingPrometheus prometheus = new QueryLoggingPrometheus(FreePort.find(), dir, config, queryLog);
        prometheus.start();
        return prometheus;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    Path queryLog() {
        return queryLog;
    }

    /** Runs a query now and returns how long Prometheus took to answer, in seconds. */
    double time(String promql) throws IOException {
        String url = url() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
        long begin = System.nanoTime();
        try (Response response = HTTP.newCall(new Request.Builder().url(url).build()).execute()) {
            response.body().string();
            if (!response.isSuccessful()) {
                throw new IOException("query failed: HTTP " + response.code());
            }
            return (System.nanoTime() - begin) / 1e9;
        }
    }

    /** The value of a query that yields one number (e.g. a count); 0 when the result is empty. */
    double value(String promql) throws IOException {
        String url = url() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
        try (Response response = HTTP.newCall(new Request.Builder().url(url).build()).execute()) {
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
}
