package io.slaguard.systemtests.e2e;

import java.time.Duration;

import io.slaguard.testsupport.MonitoringStack;
import io.slaguard.testsupport.RabbitBroker;
import io.slaguard.testsupport.TcpProxy;

/**
 * The servers of the whole loop, started once per test JVM: a Pushgateway and Prometheus of their own, and the real
 * manager reaching the machine's RabbitMQ through a {@link TcpProxy} that a test can cut to simulate a broker outage.
 * Agreements are global to a manager, so tests terminate theirs when done and use fresh executor instances.
 */
final class EndToEndStack {
    /** Short, so a straggler is seen within seconds of its deadline. */
    static final Duration CHECK_PERIOD = Duration.ofSeconds(1);
    private static EndToEndStack shared;

    private final MonitoringStack monitoring;
    private final TcpProxy managerBroker;
    private final ManagerProcess manager;

    private EndToEndStack() {
        monitoring = MonitoringStack.launch();
        managerBroker = TcpProxy.to(RabbitBroker.host(), RabbitBroker.port());
        try {
            manager = ManagerProcess.start(new ManagerProcess.Settings(monitoring.prometheus().url(),
                    monitoring.pushgateway().url(), RabbitBroker.uri(managerBroker.port()), CHECK_PERIOD));
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

    ManagerProcess manager() {
        return manager;
    }

    /** The manager's only way to RabbitMQ. */
    TcpProxy managerBroker() {
        return managerBroker;
    }

    private void close() {
        manager.close();
        managerBroker.close();
        monitoring.close();
    }
}
