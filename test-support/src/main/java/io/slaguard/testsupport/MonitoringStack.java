package io.slaguard.testsupport;

import java.util.List;
import java.util.Map;

/**
 * A Pushgateway and a Prometheus scraping it every second. {@link #shared()} is one stack per test JVM
 * (tests keep apart by using fresh Lithops instance ids); {@link #launch()} is a private one.
 */
public final class MonitoringStack implements AutoCloseable {
    private static MonitoringStack shared;

    private final PushgatewayServer pushgateway;
    private final PrometheusServer prometheus;

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

    @Override
    public void close() {
        prometheus.close();
        pushgateway.close();
    }
}
