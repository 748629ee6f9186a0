package io.slaguard.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

/** The shipped Grafana dashboards, read as Grafana reads them: panels (rows included), their queries, variables. */
final class Dashboards {
    static final Path FOLDER = Repo.path("grafana/dashboards");

    /** {@code $name}, {@code ${name}}, {@code ${name:format}} and {@code [[name]]}: Grafana's variable forms. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)|\\[\\[(\\w+)]]");

    /** Grafana's built-in variables, what they stand for in a query sent to Prometheus. */
    static final Map<String, String> BUILT_INS = Map.of(
            "__rate_interval", "4s", "__interval", "1s", "__interval_ms", "1000",
            "__range", "15m", "__range_s", "900", "__range_ms", "900000");

    private Dashboards() {
    }

    record Dashboard(Path file, JsonNode json) {
        String uid() {
            return json.path("uid").asString();
        }

        /** Every panel, those nested in collapsed rows included. */
        List<JsonNode> panels() {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode panel : json.path("panels")) {
                out.add(panel);
                panel.path("panels").forEach(out::add);
            }
            return out;
        }

        /** Panels that query a datasource (rows only lay out the others). */
        List<JsonNode> queryPanels() {
            return panels().stream().filter(p -> !"row".equals(p.path("type").asString())).toList();
        }

        /** Template variables by name. */
        Map<String, JsonNode> variables() {
            Map<String, JsonNode> out = new LinkedHashMap<>();
            json.path("templating").path("list").forEach(v -> out.put(v.path("name").asString(), v));
            return out;
        }

        /** The default value of each variable: a textbox's text, or ".*" (All) for a query variable. */
        Map<String, String> defaults() {
            Map<String, String> out = new LinkedHashMap<>(BUILT_INS);
            variables().forEach((name, v) -> out.put(name,
                    "textbox".equals(v.path("type").asString()) || "constant".equals(v.path("type").asString())
                            ? v.path("query").asString() : ".*"));
            return out;
        }

        /** The label_values(…) query of a query variable. */
        static String variableQuery(JsonNode variable) {
            JsonNode q = variable.path("query");
            return q.isObject() ? q.path("query").asString() : q.asString();
        }

        @Override
        public String toString() {
            return file.getFileName().toString();
        }
    }

    /** One PromQL expression of a panel. */
    record Query(Dashboard dashboard, String panelTitle, String refId, String expr) {
        @Override
        public String toString() {
            return dashboard + " / " + panelTitle + " / " + refId;
        }
    }

    static List<Dashboard> all() {
        try (Stream<Path> files = Files.list(FOLDER)) {
            List<Dashboard> out = files.filter(f -> f.toString().endsWith(".json")).sorted()
                    .map(f -> new Dashboard(f, Repo.json(f))).toList();
            if (out.isEmpty()) {
                throw new IllegalStateException("no dashboard in " + FOLDER);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Query> queries(Dashboard dashboard) {
        List<Query> out = new ArrayList<>();
        for (JsonNode panel : dashboard.queryPanels()) {
            for (JsonNode target : panel.path("targets")) {
                out.add(new Query(dashboard, panel.path("title").asString(), target.path("refId").asString(),
                        target.path("expr").asString()));
            }
        }
        return out;
    }

    static List<Query> allQueries() {
        return all().stream().flatMap(d -> queries(d).stream()).toList();
    }

    /** The names of the variables a text uses. */
    static Set<String> variablesIn(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            names.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
        }
        return names;
    }

    /** The text with every variable replaced by its value; an unknown variable is an error. */
    static String substitute(String text, Map<String, String> values) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("variable $" + name + " has no value in: " + text);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
