package io.slaguard.systemtests;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/** docker-compose.yml as Compose reads it: services, their builds, mounts, environment and published ports. */
final class Compose {
    static final Path FILE = Repo.path("docker-compose.yml");
    static final Path ENV_EXAMPLE = Repo.path(".env.example");
    /** {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME:?message}} or {@code $NAME}; {@code $$} is a literal dollar. */
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\$|\\$\\{(\\w+)[^}]*}|\\$(\\w+)");

    private Compose() {
    }

    static JsonNode yaml() {
        return Repo.yaml(FILE);
    }

    static JsonNode services() {
        return yaml().path("services");
    }

    static JsonNode service(String name) {
        JsonNode service = services().path(name);
        if (service.isMissingNode()) {
            throw new AssertionError("docker-compose.yml has no service " + name);
        }
        return service;
    }

    /** A bind mount or a named volume: source (host path or volume name) and container target. */
    record Mount(String service, String source, String target) {
        boolean isBind() {
            return source.startsWith(".") || source.startsWith("/");
        }

        Path hostPath() {
            return FILE.getParent().resolve(source).normalize();
        }
    }

    static List<Mount> mounts() {
        List<Mount> out = new ArrayList<>();
        services().properties().forEach(e -> e.getValue().path("volumes").forEach(v -> {
            String[] parts = v.asString().split(":");
            out.add(new Mount(e.getKey(), parts[0], parts[1]));
        }));
        return out;
    }

    /** A service's environment, map or list form, values uninterpolated. */
    static Map<String, String> environment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode node = service(service).path("environment");
        if (node.isObject()) {
            node.properties().forEach(e -> env.put(e.getKey(), e.getValue().asString()));
        } else {
            node.forEach(item -> {
                String[] kv = item.asString().split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : "");
            });
        }
        return env;
    }

    /** The variables the compose file interpolates from the environment or .env. */
    static Set<String> interpolatedVariables() {
        return variablesIn(Repo.read(FILE).lines().filter(l -> !l.stripLeading().startsWith("#"))
                .reduce("", (a, b) -> a + "\n" + b));
    }

    static Set<String> variablesIn(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = INTERPOLATION.matcher(text);
        while (m.find()) {
            if (m.group(1) != null) {
                names.add(m.group(1));
            } else if (m.group(2) != null) {
                names.add(m.group(2));
            }
        }
        return names;
    }

    /** The text with variables replaced from {@code values}, defaults applied ({@code ${A:-x}}). */
    static String interpolate(String text, Map<String, String> values) {
        Matcher m = Pattern.compile("\\$\\{(\\w+)(?::?[-?]([^}]*))?}").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group(2) != null ? m.group(2) : ""));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The variables .env.example sets, with their example values. */
    static Map<String, String> envExample() {
        Map<String, String> values = new LinkedHashMap<>();
        Repo.read(ENV_EXAMPLE).lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .forEach(l -> {
                    String[] kv = l.split("=", 2);
                    values.put(kv[0], kv.length > 1 ? kv[1] : "");
                });
        return values;
    }

    /** Published ports of a service: container port → host port text (uninterpolated). */
    static Map<Integer, String> publishedPorts(String service) {
        Map<Integer, String> ports = new LinkedHashMap<>();
        service(service).path("ports").forEach(p -> {
            String spec = p.asString();
            int lastColon = spec.lastIndexOf(':');
            ports.put(Integer.parseInt(spec.substring(lastColon + 1)), spec.substring(0, lastColon));
        });
        return ports;
    }
}
