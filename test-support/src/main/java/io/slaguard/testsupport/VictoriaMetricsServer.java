package io.slaguard.testsupport;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real VictoriaMetrics single node ({@code victoria-metrics}) on a free loopback port, scraping the given
 * targets itself every second ({@code -promscrape.config}, Prometheus' format, {@code honor_labels: false}), with
 * a fresh data dir. Started with the package's defaults otherwise, so tests see what a user sees; only the
 * queries of {@link #query} carry {@code nocache=1}, as the manager's do.
 */
public final class VictoriaMetricsServer extends QueryEngine {

    private VictoriaMetricsServer(int port, Path dir, Path config) {
        super(EngineKind.VICTORIA_METRICS, port, List.of(binary(), "-httpListenAddr=127.0.0.1:" + port,
                "-storageDataPath=" + dataDir(dir), "-promscrape.config=" + config, "-retentionPeriod=1d"),
                "/health", dir);
    }

    /** Starts VictoriaMetrics scraping each {@code host:port} target (e.g. a Pushgateway) every second. */
    public static VictoriaMetricsServer launch(String... targets) {
        return launch(Map.of("pushgateway", List.of(targets)));
    }

    /** Starts VictoriaMetrics with one scrape job per entry: job name → targets (all {@code /metrics}, 1 s). */
    public static VictoriaMetricsServer launch(Map<String, List<String>> jobs) {
        Path dir = tempDir("victoria-metrics");
        VictoriaMetricsServer server = new VictoriaMetricsServer(FreePort.find(), dir, writeScrapeConfig(dir, jobs));
        server.start();
        return server;
    }

    /** Without it, an instant query within {@code -search.latencyOffset} (30 s) of now is answered 30 s late. */
    @Override
    protected String queryParameters() {
        return "&nocache=1";
    }

    private static String binary() {
        return System.getenv().getOrDefault("VICTORIA_METRICS_BIN", "/usr/bin/victoria-metrics");
    }
}
