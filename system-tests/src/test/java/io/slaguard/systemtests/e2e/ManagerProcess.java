package io.slaguard.systemtests.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.slaguard.testsupport.FreePort;
import io.slaguard.testsupport.ManagerJvm;

/**
 * The real manager, run from its exec jar as its own JVM (what an operator starts), in a temp dir of its own. Either
 * with native settings (a free loopback port, an H2 database in the temp dir, the repository's templates), ready
 * once {@code /actuator/health} says UP; or configured the original way, {@code -f slalite.yml} and nothing else,
 * ready once it answers at all.
 */
public final class ManagerProcess implements AutoCloseable {
    /** Set by system-tests/pom.xml to the jar the reactor built. */
    public static final String JAR_PROPERTY = "sla.manager.jar";

    private final ManagerJvm jvm;
    private final ManagerApi api;

    /**
     * @param prometheusUrl  where the manager queries
     * @param pushgatewayUrl where it pushes the violation gauges
     * @param rabbitUri      the broker it publishes violations to (given in the environment, never on the command line)
     * @param checkPeriod    assessment period
     */
    public record Settings(String prometheusUrl, String pushgatewayUrl, String rabbitUri, Duration checkPeriod) {
    }

    private ManagerProcess(ManagerJvm jvm) {
        this.jvm = jvm;
        this.api = new ManagerApi(jvm.url());
    }

    /** Starts a manager and waits until it is healthy. */
    public static ManagerProcess start(Settings settings) {
        return start(settings, FreePort.find(), List.of());
    }

    /** Starts a manager on {@code port} (known beforehand, e.g. to a Prometheus that scrapes it) with more settings. */
    public static ManagerProcess start(Settings settings, int port, List<String> extraArguments) {
        Path dir = emptyDirectory();
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--sla.storage.url=jdbc:h2:file:" + dir.resolve("sla") + ";DB_CLOSE_ON_EXIT=FALSE",
                "--sla.templates.dir=" + templates(),
                "--sla.legacy.search-default-files=false",
                "--sla.check-period=" + settings.checkPeriod().toMillis() + "ms",
                "--sla.notifiers=rabbitpushg",
                "--sla.rabbitmq.legacy-queue.enabled=false",
                "--sla.prometheus.url=" + settings.prometheusUrl(),
                "--sla.pushgateway.url=" + settings.pushgatewayUrl()));
        arguments.addAll(extraArguments);
        return new ManagerProcess(ManagerJvm.start(jar(), dir, port, List.of("-Xmx256m"), arguments,
                Map.of("SLA_RABBITMQ_URI", settings.rabbitUri()), ManagerJvm.Readiness.HEALTHY));
    }

    /**
     * Starts a manager the way the original was started: {@code java -jar … -f <slaliteYml>} from an empty directory,
     * with no other setting, so its templates are the ones in the jar and its database is under that directory.
     * Waits until it answers, healthy or not (a broker that refuses it makes it unhealthy).
     *
     * @param port the {@code port:} the file configures
     */
    public static ManagerProcess startLegacy(Path slaliteYml, int port) {
        return new ManagerProcess(ManagerJvm.start(jar(), emptyDirectory(), port, List.of("-Xmx256m"),
                List.of("-f", slaliteYml.toString()), Map.of(), ManagerJvm.Readiness.ANSWERING));
    }

    /** Stops the manager and starts it again in the same directory with the same arguments (files may have changed). */
    public void restart() {
        jvm.restart();
    }

    /** The directory the manager runs in. */
    public Path directory() {
        return jvm.directory();
    }

    private static Path emptyDirectory() {
        try {
            return Files.createTempDirectory("sla-manager-e2e");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path jar() {
        String configured = System.getProperty(JAR_PROPERTY);
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("system property " + JAR_PROPERTY + " is not set (system-tests/pom.xml sets it)");
        }
        return Path.of(configured).toAbsolutePath().normalize();
    }

    /** The repository's shipped templates; surefire runs in the module folder, so they are one level up. */
    private static Path templates() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path templates = dir.resolve("agreements").resolve("templates");
            if (Files.isDirectory(templates)) {
                return templates;
            }
        }
        throw new IllegalStateException("no agreements/templates above " + Path.of("").toAbsolutePath());
    }

    public ManagerApi api() {
        return api;
    }

    public String url() {
        return api.url();
    }

    public Path log() {
        return jvm.log();
    }

    /** The last lines of the manager's log, for failure messages. */
    public String tail() {
        return jvm.tail();
    }

    /** Stops the manager (SIGTERM, then SIGKILL) and waits for it to exit. */
    @Override
    public void close() {
        jvm.close();
    }
}
