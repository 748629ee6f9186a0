package io.slaguard.testsupport;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real Prometheus on a free loopback port, scraping the given targets every second with
 * {@code honor_labels: false} (the shipped scrape config), with a fresh TSDB.
 */
public final class PrometheusServer extends QueryEngine {

    private PrometheusServer(int port, Path dir, Path config) {
        super(EngineKind.PROMETHEUS, port, List.of(binary(), "--config.file=" + config,
                "--storage.tsdb.path=" + dataDir(dir), "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-admin-api", "--web.enable-lifecycle"), "/-/ready", dir);
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
        PrometheusServer server = new PrometheusServer(FreePort.find(), dir, writeScrapeConfig(dir, jobs, metricsPaths));
        server.start();
        return server;
    }

    private static String binary() {
        return System.getenv().getOrDefault("PROMETHEUS_BIN", "/usr/bin/prometheus");
    }
}
