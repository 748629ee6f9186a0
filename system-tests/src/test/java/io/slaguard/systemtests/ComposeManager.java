package io.slaguard.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.slaguard.testsupport.ManagerJvm;

/**
 * The manager's exec jar in its own JVM with the environment docker-compose.yml gives its container: the same
 * variable names and values (interpolated from the given .env values), compose addresses replaced by local ones and
 * mounted paths by the host's. Nothing else configures it but the test's own additions (port, database).
 */
final class ComposeManager implements AutoCloseable {
    /** Set by system-tests/pom.xml to the jar the reactor built. */
    private static final String JAR_PROPERTY = "sla.manager.jar";

    private final ManagerJvm jvm;

    private ComposeManager(ManagerJvm jvm) {
        this.jvm = jvm;
    }

    /**
     * @param dotEnv         values for the compose file's variables (secrets included)
     * @param localAddresses compose address ({@code prometheus:9090}) → local one
     * @param testOnly       variables the test adds: real configuration keys, none that compose sets
     */
    static ComposeManager start(Map<String, String> dotEnv, Map<String, String> localAddresses,
                                Map<String, String> testOnly, int port) {
        Path jar = Path.of(System.getProperty(JAR_PROPERTY, "")).toAbsolutePath().normalize();
        Map<String, String> env = new LinkedHashMap<>();
        // only the compose file's variables configure it (ManagerJvm drops the caller's SLA_*, SERVER_*, SPRING_*)
        Compose.environment("sla-manager").forEach((name, raw) ->
                env.put(name, localise(Compose.interpolate(raw, dotEnv), localAddresses)));
        env.putAll(testOnly);
        env.put("SERVER_PORT", Integer.toString(port));
        try {
            return new ComposeManager(ManagerJvm.start(jar, Files.createTempDirectory("compose-manager"), port,
                    List.of("-Xmx256m"), List.of(), env, ManagerJvm.Readiness.HEALTHY));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        return jvm.url();
    }

    /** The last lines of the manager's log, for failure messages. */
    String tail() {
        return jvm.tail();
    }

    @Override
    public void close() {
        jvm.close();
    }
}
