package io.slaguard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** docker-compose.yml, its Dockerfiles and mounted files agree with the code they run. */
class ComposeConsistencyTest {
    private static final int MANAGER_PORT = 8090;
    private static final Pattern COPY = Pattern.compile("(?m)^COPY\\s+(?:--\\S+\\s+)*(\\S+)\\s+(\\S+)\\s*$");

    @Test
    void everyServiceHasAHealthCheckAndAnImageOrABuild() {
        Compose.services().properties().forEach(e -> {
            JsonNode service = e.getValue();
            assertThat(service.has("image") || service.has("build")).as(e.getKey() + ": image or build").isTrue();
            assertThat(service.path("healthcheck").path("test").isMissingNode()).as(e.getKey() + ": healthcheck").isFalse();
        });
        assertThat(Compose.services().propertyNames()).contains("prometheus", "pushgateway", "rabbitmq", "grafana",
                "sla-manager", "executor");
    }

    @Test
    void buildContextsHoldTheirDockerfilesAndWhatTheyCopy() {
        List<String> builds = new ArrayList<>();
        Compose.services().properties().forEach(e -> {
            JsonNode build = e.getValue().path("build");
            if (build.isMissingNode()) {
                return;
            }
            builds.add(e.getKey());
            Path context = Compose.FILE.getParent().resolve(build.isString() ? build.asString() : build.path("context").asString()).normalize();
            assertThat(context).as(e.getKey() + " build context").isDirectory();
            Path dockerfile = context.resolve(build.path("dockerfile").asString("Dockerfile"));
            assertThat(dockerfile).as(e.getKey() + " Dockerfile").isRegularFile();
            for (String source : copySources(dockerfile)) {
                assertThat(producedBy(context, source)).as(e.getKey() + ": COPY " + source
                        + " must match a jar the module's pom produces").isNotEmpty();
                assertDockerignoreKeeps(context, source);
            }
        });
        assertThat(builds).containsExactlyInAnyOrder("sla-manager", "executor");
    }

    /**
     * After {@code mvn package} (the order docs/operations.md gives), each COPY finds exactly one file, and it is
     * a runnable jar of ours.
     */
    @Test
    void afterAPackageBuildEveryCopyFindsExactlyOneJar() {
        String buildDir = System.getProperty("sla.build.dir", "target");
        for (String service : List.of("sla-manager", "executor")) {
            Path context = Repo.path(service);
            for (String source : copySources(context.resolve("Dockerfile"))) {
                // the Dockerfiles copy from target/; builds that chose another folder (sla.build.dir) are checked there
                String built = source.replaceFirst("^target/", buildDir + "/");
                List<Path> matches = glob(context, built);
                Assumptions.assumeFalse(matches.isEmpty(), service + " is not packaged yet (" + built + ")");
                assertThat(matches).as(service + ": " + built).hasSize(1);
                assertThat(startClass(matches.get(0))).as(matches.get(0) + " Start-Class")
                        .startsWith("io.slaguard.");
            }
        }
    }

    @Test
    void boundFilesExistAndNamedVolumesAreDeclared() {
        Set<String> declared = new LinkedHashSet<>(Compose.yaml().path("volumes").propertyNames());
        for (Compose.Mount mount : Compose.mounts()) {
            if (mount.isBind()) {
                assertThat(Files.exists(mount.hostPath())).as(mount + " host path").isTrue();
            } else {
                assertThat(declared).as(mount + " named volume").contains(mount.source());
            }
        }
    }

    /** A path an environment variable gives inside a bind-mounted folder exists on the host. */
    @Test
    void environmentPathsIntoMountsExist() {
        Compose.services().propertyNames().forEach(service -> Compose.environment(service).forEach((name, value) -> {
            for (Compose.Mount mount : Compose.mounts()) {
                if (mount.service().equals(service) && mount.isBind() && value.startsWith(mount.target())) {
                    Path host = mount.hostPath().resolve(value.substring(mount.target().length()).replaceFirst("^/", ""));
                    assertThat(Files.exists(host)).as(service + " " + name + "=" + value + " → " + host).isTrue();
                }
            }
        }));
    }

    @Test
    void envExampleSetsExactlyTheVariablesComposeReads() {
        Set<String> read = Compose.interpolatedVariables();
        assertThat(Compose.envExample().keySet()).as(".env.example").containsExactlyInAnyOrderElementsOf(read);
    }

    @Test
    void noCredentialIsWrittenInTheComposeFile() {
        for (String service : Compose.services().propertyNames()) {
            Compose.environment(service).forEach((name, value) -> {
                if (name.matches(".*(PASS|PASSWORD|SECRET|KEY|KEYS|TOKEN)$")) {
                    assertThat(value).as(service + " " + name).matches("\\$\\{\\w+(:\\?[^}]*)?}");
                }
                if (value.contains("://") && value.contains("@")) {
                    assertThat(value).as(service + " " + name + ": credentials in a URI come from .env")
                            .matches(".*://\\$\\{\\w+}:\\$\\{\\w+}@.*");
                }
            });
        }
        // the secrets have no example value: Compose refuses to start until the operator sets them
        Map<String, String> example = Compose.envExample();
        for (String secret : List.of("GRAFANA_ADMIN_PASSWORD", "RABBITMQ_PASSWORD", "SLA_API_KEY")) {
            assertThat(example.get(secret)).as(secret).isEmpty();
            assertThat(Repo.read(Compose.FILE)).contains("${" + secret + ":?");
        }
    }

    @Test
    void managerEnvironmentNamesKeysTheManagerReads() {
        Map<String, String> byVariable = ManagerConfigKeys.byEnvironmentVariable();
        Set<String> legacy = ManagerConfigKeys.legacyVariables();
        Compose.environment("sla-manager").keySet().forEach(variable ->
                assertThat(byVariable.containsKey(variable) || legacy.contains(variable))
                        .as(variable + " binds no key the manager reads (known: " + ManagerConfigKeys.nativeKeys() + ")").isTrue());
    }

    /** The demo's {@code executor run} flags, and the variables it leaves to the CLI, are ones the CLI declares. */
    @Test
    void demoUsesOptionsTheExecutorCliDeclares() {
        String cli = ExecutorCli.sources();
        String demo = Repo.read(Repo.path("deploy/executor/demo.sh"));
        Matcher invocation = Pattern.compile("(?s)executor\\.jar}?\"?\\s+(\\w+)(.*?);\\s*then").matcher(demo);
        assertThat(invocation.find()).as("demo.sh runs the executor jar").isTrue();
        assertThat(cli).contains("@Command(name = \"" + invocation.group(1) + "\"");
        Matcher flags = Pattern.compile("(?<![\\w-])--[a-z][a-z-]*").matcher(invocation.group(2));
        List<String> used = new ArrayList<>();
        while (flags.find()) {
            used.add(flags.group());
        }
        assertThat(used).contains("--sla", "--profile", "--command");
        for (String flag : used) {
            assertThat(cli).as(flag).containsPattern("names\\s*=\\s*\\{?[^)]*\"" + flag + "\"");
        }
        for (String variable : Compose.environment("executor").keySet()) {
            boolean readByDemo = demo.contains("${" + variable);
            boolean readByCli = cli.contains("\"" + variable + "\"");
            assertThat(readByDemo || readByCli).as(variable + " is read by demo.sh or the executor CLI").isTrue();
        }
    }

    @Test
    void managerPortIsTheSameEverywhere() {
        assertThat(Repo.yaml(ManagerConfigKeys.APPLICATION_YML).path("server").path("port").asInt()).isEqualTo(MANAGER_PORT);
        assertThat(Compose.publishedPorts("sla-manager")).containsKey(MANAGER_PORT);
        assertThat(Repo.read(Repo.path("sla-manager/Dockerfile"))).contains("EXPOSE " + MANAGER_PORT)
                .contains("127.0.0.1:" + MANAGER_PORT + "/actuator/health");
        assertThat(Compose.service("sla-manager").path("healthcheck").path("test").toString())
                .contains("127.0.0.1:" + MANAGER_PORT + "/actuator/health");
        assertThat(PrometheusConfig.targets("sla-manager")).containsExactly("sla-manager:" + MANAGER_PORT);
        assertThat(Compose.environment("executor").get("SLA_MANAGER_URL")).isEqualTo("http://sla-manager:" + MANAGER_PORT);
    }

    @Test
    void everyAddressBetweenServicesNamesAServiceAndItsPort() {
        Set<String> services = new LinkedHashSet<>(Compose.services().propertyNames());
        Map<String, Integer> listens = Map.of("prometheus", 9090, "pushgateway", 9091, "rabbitmq", 5672,
                "sla-manager", MANAGER_PORT, "grafana", 3000);
        List<String> addresses = new ArrayList<>();
        PrometheusConfig.allTargets().forEach(addresses::add);
        Provisioning.datasourceUrls().forEach(u -> addresses.add(u.replaceFirst("^\\w+://", "")));
        services.forEach(s -> Compose.environment(s).values().stream().filter(v -> v.contains("://"))
                .map(v -> v.replaceFirst("^\\w+://(.*@)?", "").replaceFirst("/.*", "")).forEach(addresses::add));
        assertThat(addresses).isNotEmpty();
        for (String address : addresses) {
            String host = address.substring(0, address.indexOf(':'));
            int port = Integer.parseInt(address.substring(address.indexOf(':') + 1).replaceFirst("/.*", ""));
            assertThat(services).as(address).contains(host);
            if (!(host.equals("rabbitmq") && port == 15692)) {
                assertThat(port).as(address).isEqualTo(listens.get(host));
            }
        }
    }

    @Test
    void grafanaMountsTheProvisioningAndTheDashboardsItLoads() {
        Map<String, Path> grafanaMounts = new HashMap<>();
        Compose.mounts().stream().filter(m -> m.service().equals("grafana") && m.isBind())
                .forEach(m -> grafanaMounts.put(m.target(), m.hostPath()));
        assertThat(grafanaMounts.get("/etc/grafana/provisioning")).isEqualTo(Repo.path("grafana/provisioning"));
        for (JsonNode provider : Provisioning.dashboardProviders()) {
            String path = provider.path("options").path("path").asString();
            assertThat(grafanaMounts.get(path)).as("provider " + provider.path("name").asString() + " path " + path)
                    .isEqualTo(Dashboards.FOLDER);
        }
    }

    private static List<String> copySources(Path dockerfile) {
        List<String> sources = new ArrayList<>();
        Matcher m = COPY.matcher(Repo.read(dockerfile));
        while (m.find()) {
            sources.add(m.group(1));
        }
        assertThat(sources).as(dockerfile + " COPY").isNotEmpty();
        return sources;
    }

    /** The jar names the module's pom produces (main artifact and classified ones) that the COPY pattern matches. */
    private static List<String> producedBy(Path module, String copySource) {
        String pom = Repo.read(module.resolve("pom.xml"));
        String artifactId = firstTag(pom.replaceFirst("(?s)<parent>.*?</parent>", ""), "artifactId");
        String version = firstTag(Repo.read(Repo.path("pom.xml")).replaceFirst("(?s)<parent>.*?</parent>", ""), "version");
        List<String> names = new ArrayList<>();
        names.add(artifactId + "-" + version + ".jar");
        for (String tag : List.of("classifier", "shadedClassifierName")) {
            Matcher m = Pattern.compile("<" + tag + ">([^<]+)</" + tag + ">").matcher(pom);
            while (m.find()) {
                names.add(artifactId + "-" + version + "-" + m.group(1).trim() + ".jar");
            }
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + copySource);
        return names.stream().filter(n -> matcher.matches(Path.of("target", n))).toList();
    }

    private static String firstTag(String xml, String tag) {
        Matcher m = Pattern.compile("<" + tag + ">([^<]+)</" + tag + ">").matcher(xml);
        if (!m.find()) {
            throw new AssertionError("no <" + tag + ">");
        }
        return m.group(1).trim();
    }

    /** A .dockerignore that excludes everything must re-include what the Dockerfile copies. */
    private static void assertDockerignoreKeeps(Path context, String source) {
        Path ignore = context.resolve(".dockerignore");
        if (!Files.exists(ignore)) {
            return;
        }
        List<String> lines = Repo.read(ignore).lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        if (lines.contains("*")) {
            assertThat(lines).as(ignore + " must keep " + source).contains("!" + source);
        }
    }

    /** The class a Spring Boot jar's launcher starts: a jar repackaged twice would start the launcher itself. */
    private static String startClass(Path jar) {
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            return String.valueOf(file.getManifest().getMainAttributes().getValue("Start-Class"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> glob(Path dir, String pattern) {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        try (Stream<Path> files = Files.walk(dir, 2)) {
            return files.filter(f -> matcher.matches(dir.relativize(f))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
