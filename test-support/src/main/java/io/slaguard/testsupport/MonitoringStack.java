package io.slaguard.testsupport;

import java.util.List;
import java.util.Map;

/**
 * A Pushgateway and a Prometheus scraping it every second; on first use, also a VictoriaMetrics scraping the same
 * Pushgateway, so one push can be queried on both engines at the same instant. {@link #shared()} is one stack per
 * test JVM (tests keep apart by using fresh Lithops instance ids); {@link #launch()} is a private one.
 */
public final class MonitoringStack implements AutoCloseable {
    private static MonitoringStack shared;

    private final PushgatewayServer pushgateway;
    private final PrometheusServer prometheus;
    private VictoriaMetricsServer victoriaMetrics;

    private MonitoringStack(PushgatewayServer pushgateway, PrometheusServer prometheus) {
        this.pushgateway = pushgateway;
        this.prometheus = prometheus;
    }

    public static MonitoringStack launch() {
        PushgatewayServer pushgateway = PushgatewayServer.launch();
        return new MonitoringStack(pushgateway, PrometheusServer.launch(pushgateway.address()));
    }

    /**
     * A Pushgateway, and a Prometheus scraping it and one more target every second: {@code job} at
     * {@code target} (host:port), path {@code metricsPath}. The target may start later: until then its scrapes fail.
     */
    public static MonitoringStack launchScraping(String job, String target, String metricsPath) {
        PushgatewayServer pushgateway = PushgatewayServer.launch();
        return new MonitoringStack(pushgateway, PrometheusServer.launch(
                Map.of("pushgateway", List.of(pushgateway.address()), job, List.of(target)), Map.of(job, metricsPath)));
    }

    public static synchronized MonitoringStack shared() {
        if (shared == null) {
            shared = launch();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    public PushgatewayServer pushgateway() {
        return pushgateway;
    }

    public PrometheusServer prometheus() {
        return prometheus;
    }

    /** The stack's VictoriaMetrics, started on first call, scraping the same Pushgateway every second. */
    public synchronized VictoriaMetricsServer victoriaMetrics() {
        if (victoriaMetrics == null) {
            victoriaMetrics = VictoriaMetricsServer.launch(Map.of("pushgateway", List.of(pushgateway.address())));
        }
        return victoriaMetrics;
    }

    public QueryEngine engine(EngineKind kind) {
        return switch (kind) {
            case PROMETHEUS -> prometheus;
            case VICTORIA_METRICS -> victoriaMetrics();
        };
    }

    /** Both engines, Prometheus first. */
    public List<QueryEngine> engines() {
        return List.of(prometheus, victoriaMetrics());
    }

    @Override
    public synchronized void close() {
        if (victoriaMetrics != null) {
            victoriaMetrics.close();
        }
        prometheus.close();
        pushgateway.close();
    }
}
