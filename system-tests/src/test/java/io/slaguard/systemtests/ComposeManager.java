package io.slaguard.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import io.slaguard.testsupport.Processes;

/**
 * The manager's exec jar in its own JVM with the environment docker-compose.yml gives its container: the same
 * variable names and values (interpolated from the given .env values), compose addresses replaced by local ones and
 * mounted paths by the host's. Nothing else configures it but the test's own additions (port, database).
 */
final class ComposeManager implements AutoCloseable {
    /** Set by system-tests/pom.xml to the jar the reactor built. */
    private static final String JAR_PROPERTY = "sla.manager.jar";
    /** Spring Boot on a machine busy with other builds can take minutes to start. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Path log;
    private final int port;

    private ComposeManager(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * @param dotEnv         values for the compose file's variables (secrets included)
     * @param localAddresses compose address ({@code prometheus:9090}) → local one
     * @param testOnly       variables the test adds: real configuration keys, none that compose sets
     */
    static ComposeManager start(Map<String, String> dotEnv, Map<String, String> localAddresses,
                                Map<String, String> testOnly, int port) {
        Path jar = Path.of(System.getProperty(JAR_PROPERTY, "")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no manager jar at " + jar + " (" + JAR_PROPERTY
                    + "): package sla-manager first, with the same -Dsla.build.dir");
        }
        try {
            Path dir = Files.createTempDirectory("compose-manager");
            Path log = dir.resolve("manager.log");
            ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-jar", jar.toString())).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Map<String, String> env = builder.environment();
            // only the compose file's variables configure it, not the SLA_* of whoever runs the tests
            env.keySet().removeIf(name -> name.startsWith("SLA_") || name.startsWith("SERVER_") || name.startsWith("SPRING_"));
            Compose.environment("sla-manager").forEach((name, raw) ->
                    env.put(name, localise(Compose.interpolate(raw, dotEnv), localAddresses)));
            env.putAll(testOnly);
            env.put("SERVER_PORT", Integer.toString(port));
            ComposeManager manager = new ComposeManager(builder.start(), log, port);
            manager.awaitHealthy();
            return manager;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHealthy() {
        Request health = new Request.Builder().url(url() + "/actuator/health").build();
        Awaitility.await("manager healthy on port " + port).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the manager exited (" + process.exitValue() + "): " + tail());
                    }
                    try (Response r = HTTP.newCall(health).execute()) {
                        return r.code() == 200;
                    }
                });
    }

    private static String localise(String value, Map<String, String> localAddresses) {
        String out = value;
        for (Map.Entry<String, String> e : localAddresses.entrySet()) {
            out = out.replace("//" + e.getKey(), "//" + e.getValue()).replace("@" + e.getKey(), "@" + e.getValue());
        }
        for (Compose.Mount mount : Compose.mounts()) {
            if (mount.service().equals("sla-manager") && mount.isBind() && out.startsWith(mount.target())) {
                out = mount.hostPath() + out.substring(mount.target().length());
            }
        }
        return out;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The last lines of the manager's log, for failure messages. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        Processes.terminate(process, Duration.ofSeconds(30));
    }
}
