package io.slaguard.systemtests.e2e;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import io.slaguard.testsupport.EngineKind;
import io.slaguard.testsupport.MonitoringStack;
import io.slaguard.testsupport.RabbitBroker;
import io.slaguard.testsupport.TcpProxy;

/**
 * The servers of the whole loop, started once per test JVM: a Pushgateway and Prometheus of their own, and the real
 * manager reaching the machine's RabbitMQ through a {@link TcpProxy} that a test can cut to simulate a broker outage.
 * A second manager querying a VictoriaMetrics that scrapes the same Pushgateway is started on first use.
 * Agreements are global to a manager, so tests terminate theirs when done and use fresh executor instances.
 */
final class EndToEndStack {
    /** Short, so a straggler is seen within seconds of its deadline. */
    static final Duration CHECK_PERIOD = Duration.ofSeconds(1);
    private static EndToEndStack shared;

    private final MonitoringStack monitoring;
    private final TcpProxy managerBroker;
    private final Map<EngineKind, ManagerProcess> managers = new EnumMap<>(EngineKind.class);

    private EndToEndStack() {
        monitoring = MonitoringStack.launch();
        managerBroker = TcpProxy.to(RabbitBroker.host(), RabbitBroker.port());
        try {
            manager(EngineKind.PROMETHEUS);
        } catch (RuntimeException e) {
            managerBroker.close();
            monitoring.close();
            throw e;
        }
    }

    static synchronized EndToEndStack shared() {
        if (shared == null) {
            shared = new EndToEndStack();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "end-to-end-stack-shutdown"));
        }
        return shared;
    }

    MonitoringStack monitoring() {
        return monitoring;
    }

    /** The manager querying Prometheus. */
    ManagerProcess manager() {
        return manager(EngineKind.PROMETHEUS);
    }

    /** The manager querying {@code engine}, started on first use. */
    synchronized ManagerProcess manager(EngineKind engine) {
        return managers.computeIfAbsent(engine, e -> ManagerProcess.start(new ManagerProcess.Settings(
                monitoring.engine(e).url(), monitoring.pushgateway().url(), RabbitBroker.uri(managerBroker.port()),
                CHECK_PERIOD)));
    }

    /** The manager's only way to RabbitMQ. */
    TcpProxy managerBroker() {
        return managerBroker;
    }

    private synchronized void close() {
        managers.values().forEach(ManagerProcess::close);
        managerBroker.close();
        monitoring.close();
    }
}
