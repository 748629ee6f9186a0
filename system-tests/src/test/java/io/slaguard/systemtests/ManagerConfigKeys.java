package io.slaguard.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

/**
 * The configuration keys the manager reads, found in its sources: application.yml (keys and placeholders), the
 * {@code @ConfigurationProperties} records (components, nested records recursively, in kebab case), key
 * literals in the config package, and the legacy {@code SLA_*} variables.
 */
final class ManagerConfigKeys {
    static final Path APPLICATION_YML = Repo.path("sla-manager/src/main/resources/application.yml");
    static final Path SOURCES = Repo.path("sla-manager/src/main/java");
    private static final Pattern PROPERTIES_PREFIX = Pattern.compile("@ConfigurationProperties\\(\\s*(?:prefix\\s*=\\s*)?\"([\\w.-]+)\"\\s*\\)");
    private static final Pattern RECORD = Pattern.compile("record\\s+(\\w+)\\s*\\(");
    private static final Pattern KEY_LITERAL = Pattern.compile("\"((?:sla|server|spring|management)\\.[a-z0-9.-]+)\"");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z0-9.-]+)[:}]");
    private static final Pattern LEGACY_KEY = Pattern.compile("new Key\\(\"(\\w+)\"");

    private ManagerConfigKeys() {
    }

    /** Every native key, e.g. {@code sla.prometheus.url}, {@code server.port}. */
    static Set<String> nativeKeys() {
        Set<String> keys = new LinkedHashSet<>();
        flatten("", Repo.yaml(APPLICATION_YML), keys);
        Matcher placeholders = PLACEHOLDER.matcher(Repo.read(APPLICATION_YML));
        while (placeholders.find()) {
            keys.add(placeholders.group(1));
        }
        for (Path source : javaSources()) {
            String text = Repo.read(source);
            Matcher prefix = PROPERTIES_PREFIX.matcher(text);
            while (prefix.find()) {
                Matcher record = RECORD.matcher(text);
                if (record.find(prefix.end())) {
                    components(text, record.group(1), prefix.group(1), keys, 0);
                }
            }
            Matcher literal = KEY_LITERAL.matcher(text);
            while (literal.find()) {
                keys.add(literal.group(1));
            }
        }
        return keys;
    }

    /** Legacy variables ({@code SLA_} + the original's key in capitals). */
    static Set<String> legacyVariables() {
        Set<String> variables = new LinkedHashSet<>();
        for (Path source : javaSources()) {
            Matcher m = LEGACY_KEY.matcher(Repo.read(source));
            while (m.find()) {
                variables.add("SLA_" + m.group(1).toUpperCase(Locale.ROOT));
            }
        }
        return variables;
    }

    /**
     * The environment variable forms Spring Boot binds to a key: dots to underscores, dashes removed (or, the
     * legacy form, turned into underscores), upper case.
     */
    static Set<String> environmentForms(String key) {
        String base = key.replace('.', '_').replace("[", "_").replace("]", "");
        return new LinkedHashSet<>(List.of(base.replace("-", "").toUpperCase(Locale.ROOT),
                base.replace('-', '_').toUpperCase(Locale.ROOT)));
    }

    /** Native keys by environment variable name. */
    static Map<String, String> byEnvironmentVariable() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : nativeKeys()) {
            environmentForms(key).forEach(form -> out.putIfAbsent(form, key));
        }
        return out;
    }

    private static void components(String text, String recordName, String prefix, Set<String> keys, int depth) {
        Matcher m = Pattern.compile("record\\s+" + recordName + "\\s*\\(").matcher(text);
        if (depth > 5 || !m.find()) {
            return;
        }
        for (String component : splitTopLevel(header(text, m.end()))) {
            String[] words = component.replaceAll("@\\w+(\\([^)]*\\))?", " ").trim().split("\\s+");
            String type = words[0].replaceAll("<.*", "");
            String name = words[words.length - 1];
            String key = prefix + "." + kebab(name);
            keys.add(key);
            components(text, type, key, keys, depth + 1);
        }
    }

    /** The text between a record's opening parenthesis and its matching close. */
    private static String header(String text, int start) {
        int depth = 1;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return text.substring(start, i);
            }
        }
        throw new IllegalStateException("unbalanced record header");
    }

    private static List<String> splitTopLevel(String header) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '(' || c == '<') {
                depth++;
            } else if (c == ')' || c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(header.substring(from, i));
                from = i + 1;
            }
        }
        parts.add(header.substring(from));
        return parts.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static void flatten(String prefix, JsonNode node, Set<String> keys) {
        if (node.isObject()) {
            node.properties().forEach(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), keys));
        } else {
            keys.add(prefix);
        }
    }

    private static List<Path> javaSources() {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
