package io.slaguard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's exec jar in a JVM of its own, as an operator runs it: in a directory of its own, its output in
 * {@code manager.log} there, none of the caller's {@code SLA_*}, {@code SERVER_*}, {@code SPRING_*} variables,
 * secrets passed in the environment. Start-up is awaited until the manager is healthy, or until it answers at all
 * (a manager whose broker refuses it is up but not healthy); a machine busy with builds may take minutes.
 */
public final class ManagerJvm implements AutoCloseable {
    /** What start-up waits for. */
    public enum Readiness {
        /** {@code /actuator/health} answers 200 (UP). */
        HEALTHY,
        /** {@code /actuator/health} answers, UP or not. */
        ANSWERING
    }

    private static final Logger log = LoggerFactory.getLogger(ManagerJvm.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path jar;
    private final Path dir;
    private final int port;
    private final List<String> jvmOptions;
    private final List<String> arguments;
    private final Map<String, String> environment;
    private final Readiness readiness;
    private Process process;

    private ManagerJvm(Path jar, Path dir, int port, List<String> jvmOptions, List<String> arguments,
                       Map<String, String> environment, Readiness readiness) {
        this.jar = jar;
        this.dir = dir;
        this.port = port;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.arguments = List.copyOf(arguments);
        this.environment = Map.copyOf(environment);
        this.readiness = readiness;
    }

    /**
     * Starts {@code java <jvmOptions> -jar <jar> <arguments>} in {@code dir} and waits for it.
     *
     * @param port        the port the arguments (or the configuration file they name) make it listen on
     * @param environment added to the process' environment (e.g. {@code SLA_RABBITMQ_URI}, so no password is on
     *                    the command line)
     */
    public static ManagerJvm start(Path jar, Path dir, int port, List<String> jvmOptions, List<String> arguments,
                                   Map<String, String> environment, Readiness readiness) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no manager jar at " + jar.toAbsolutePath()
                    + ": package it first (mvn -pl sla-manager package -DskipTests, with the same -Dsla.build.dir)");
        }
        ManagerJvm manager = new ManagerJvm(jar.toAbsolutePath(), dir, port, jvmOptions, arguments, environment,
                readiness);
        manager.launch();
        return manager;
    }

    /** Stops the manager and starts it again in the same directory with the same arguments. */
    public synchronized void restart() {
        close();
        launch();
    }

    private synchronized void launch() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        // the legacy SLA_* and Spring's own variables of whoever runs this must not reconfigure this manager
        builder.environment().keySet().removeIf(name -> name.startsWith("SLA_") || name.startsWith("SERVER_")
                || name.startsWith("SPRING_"));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(dir);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the manager from " + jar, e);
        }
        log.info("manager starting at {} (log {})", url(), log());
        Awaitility.await("manager " + readiness.name().toLowerCase() + " at " + url()).atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(250)).until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the manager exited (" + process.exitValue() + "): " + tail());
                    }
                    int status = healthStatus();
                    return readiness == Readiness.HEALTHY ? status == 200 : status > 0;
                });
    }

    /** The HTTP status of {@code /actuator/health}, or 0 while nothing answers. */
    private int healthStatus() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path directory() {
        return dir;
    }

    public Path log() {
        return dir.resolve("manager.log");
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
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

    /** SIGKILL, as a crash or an OOM killer would: no shutdown hook, no clean database close. */
    public synchronized void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        process.waitFor();
        process = null;
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
