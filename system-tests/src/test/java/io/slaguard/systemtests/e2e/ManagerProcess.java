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
 * The real manager, run from its exec jar as its own JVM (what an operator starts): a free loopback port, an H2
 * database in a temp dir, the repository's templates, the given settings. Ready once {@code /actuator/health} says UP.
 */
public final class ManagerProcess implements AutoCloseable {
    /** Set by system-tests/pom.xml to the jar the reactor built. */
    public static final String JAR_PROPERTY = "sla.manager.jar";
    private static final Logger LOG = LoggerFactory.getLogger(ManagerProcess.class);
    /** Spring Boot on a machine busy with other builds can take a while to start. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private final Settings settings;
    private final int port;
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

    private ManagerProcess(Settings settings) {
        this.settings = settings;
        this.port = FreePort.find();
        try {
            this.dir = Files.createTempDirectory("sla-manager-e2e");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.api = new ManagerApi("http://127.0.0.1:" + port);
    }

    /** Starts a manager and waits until it is healthy. */
    public static ManagerProcess start(Settings settings) {
        ManagerProcess manager = new ManagerProcess(settings);
        manager.launch();
        return manager;
    }

    private void launch() {
        Path jar = jar();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString(),
                "--server.port=" + port,
                "--sla.storage.url=jdbc:h2:file:" + dir.resolve("sla") + ";DB_CLOSE_ON_EXIT=FALSE",
                "--sla.templates.dir=" + templates(),
                "--sla.legacy.search-default-files=false",
                "--sla.check-period=" + settings.checkPeriod().toMillis() + "ms",
                "--sla.notifiers=rabbitpushg",
                "--sla.rabbitmq.legacy-queue.enabled=false",
                "--sla.prometheus.url=" + settings.prometheusUrl(),
                "--sla.pushgateway.url=" + settings.pushgatewayUrl()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        Map<String, String> env = builder.environment();
        // the legacy SLA_* variables of whoever runs the tests must not reconfigure this manager
        env.keySet().removeIf(name -> name.startsWith("SLA_"));
        env.put("SLA_RABBITMQ_URI", settings.rabbitUri());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the manager from " + jar, e);
        }
        LOG.info("manager starting on port {} (log {})", port, log());
        Awaitility.await("manager healthy on port " + port).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the manager exited (" + process.exitValue() + "): " + tail());
                    }
                    return api.isHealthy();
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
