package io.slaguard.systemtests.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.slaguard.testsupport.FreePort;
import io.slaguard.testsupport.Processes;

/**
 * The real manager, run from its exec jar as its own JVM (what an operator starts), in a temp dir of its own. Either
 * with native settings (a free loopback port, an H2 database in the temp dir, the repository's templates), ready
 * once {@code /actuator/health} says UP; or configured the original way, {@code -f slalite.yml} and nothing else,
 * ready once it answers at all.
 */
public final class ManagerProcess implements AutoCloseable {
    /** Set by system-tests/pom.xml to the jar the reactor built. */
    public static final String JAR_PROPERTY = "sla.manager.jar";
    private static final Logger log = LoggerFactory.getLogger(ManagerProcess.class);
    /** Spring Boot on a machine busy with other builds can take a while to start. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private final List<String> arguments;
    private final Map<String, String> environment;
    private final boolean waitForHealthy;
    private final Path dir;
    private final ManagerApi api;
    private Process process;

    /**
     * @param prometheusUrl  where the manager queries
     * @param pushgatewayUrl where it pushes the violation gauges
     * @param rabbitUri      the broker it publishes violations to (given in the environment, never on the command line)
     * @param checkPeriod    assessment period
     */
    public record Settings(String prometheusUrl, String pushgatewayUrl, String rabbitUri, Duration checkPeriod) {
    }

    private ManagerProcess(Path dir, int port, List<String> arguments, Map<String, String> environment,
                           boolean waitForHealthy) {
        this.dir = dir;
        this.arguments = List.copyOf(arguments);
        this.environment = Map.copyOf(environment);
        this.waitForHealthy = waitForHealthy;
        this.api = new ManagerApi("http://127.0.0.1:" + port);
    }

    /** Starts a manager and waits until it is healthy. */
    public static ManagerProcess start(Settings settings) {
        int port = FreePort.find();
        Path dir = emptyDirectory();
        ManagerProcess manager = new ManagerProcess(dir, port, List.of(
                "--server.port=" + port,
                "--sla.storage.url=jdbc:h2:file:" + dir.resolve("sla") + ";DB_CLOSE_ON_EXIT=FALSE",
                "--sla.templates.dir=" + templates(),
                "--sla.legacy.search-default-files=false",
                "--sla.check-period=" + settings.checkPeriod().toMillis() + "ms",
                "--sla.notifiers=rabbitpushg",
                "--sla.rabbitmq.legacy-queue.enabled=false",
                "--sla.prometheus.url=" + settings.prometheusUrl(),
                "--sla.pushgateway.url=" + settings.pushgatewayUrl()),
                Map.of("SLA_RABBITMQ_URI", settings.rabbitUri()), true);
        manager.launch();
        return manager;
    }

    /**
     * Starts a manager the way the original was started: {@code java -jar … -f <slaliteYml>} from an empty directory,
     * with no other setting, so its templates are the ones in the jar and its database is under that directory.
     * Waits until it answers, healthy or not (a broker that refuses it makes it unhealthy).
     *
     * @param port the {@code port:} the file configures
     */
    public static ManagerProcess startLegacy(Path slaliteYml, int port) {
        ManagerProcess manager = new ManagerProcess(emptyDirectory(), port, List.of("-f", slaliteYml.toString()),
                Map.of(), false);
        manager.launch();
        return manager;
    }

    /** Stops the manager and starts it again in the same directory with the same arguments (files may have changed). */
    public void restart() {
        close();
        launch();
    }

    /** The directory the manager runs in. */
    public Path directory() {
        return dir;
    }

    private static Path emptyDirectory() {
        try {
            return Files.createTempDirectory("sla-manager-e2e");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void launch() {
        Path jar = jar();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        Map<String, String> env = builder.environment();
        // the legacy SLA_* variables of whoever runs the tests must not reconfigure this manager
        env.keySet().removeIf(name -> name.startsWith("SLA_"));
        env.putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the manager from " + jar, e);
        }
        log.info("manager starting at {} (log {})", api.url(), log());
        Awaitility.await("manager " + (waitForHealthy ? "healthy" : "answering") + " at " + api.url())
                .atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the manager exited (" + process.exitValue() + "): " + tail());
                    }
                    return waitForHealthy ? api.isHealthy() : api.health().isPresent();
                });
    }

    private static Path jar() {
        String configured = System.getProperty(JAR_PROPERTY);
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("system property " + JAR_PROPERTY + " is not set (system-tests/pom.xml sets it)");
        }
        Path jar = Path.of(configured).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no manager jar at " + jar
                    + ": package it first (mvn -pl sla-manager package -DskipTests, with the same -Dsla.build.dir)");
        }
        return jar;
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
        return dir.resolve("manager.log");
    }

    /** The last lines of the manager's log, for failure messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the manager (SIGTERM, then SIGKILL) and waits for it to exit. */
    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        Processes.terminate(process, Duration.ofSeconds(30));
        process = null;
    }
}
