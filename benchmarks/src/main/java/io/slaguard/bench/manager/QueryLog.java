package io.slaguard.bench.manager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prometheus' query log: every instant query with its evaluation time as Prometheus measured it. The manager sends
 * every query of a tick with {@code time=} the tick instant, so grouping by that instant gives each tick's queries.
 */
final class QueryLog {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One logged query: its kind (which shipped guarantee it belongs to), tick instant, and execution seconds. */
    record Entry(String kind, String query, Instant tick, Instant answered, double seconds) {
    }

    static List<Entry> read(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (!Files.exists(file)) {
            return entries;
        }
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            String query = node.path("params").path("query").asString();
            entries.add(new Entry(kind(query), query, Instant.parse(node.path("params").path("start").asString()),
                    Instant.parse(node.path("ts").asString()),
                    node.path("stats").path("timings").path("execTotalTime").asDouble()));
        }
        return entries;
    }

    /** Recognises the shipped guarantees' queries by the metrics they read. */
    static String kind(String query) {
        if (query.contains("job_runtime_memory")) {
            return "tooCostly";
        }
        if (query.contains("job_total_calls")) {
            return "notStarted";
        }
        if (query.contains("group_left")) {
            return "tooLong";
        }
        return "other";
    }

    /** The entries of queries evaluated at instants from {@code from} (inclusive) to {@code until} (exclusive). */
    static List<Entry> between(List<Entry> entries, Instant from, Instant until) {
        return entries.stream().filter(e -> !e.tick().isBefore(from) && e.tick().isBefore(until)).toList();
    }

    /** Per tick instant: the sum of its queries' execution seconds (queries of a tick run in parallel). */
    static Map<Instant, Double> secondsByTick(List<Entry> entries) {
        Map<Instant, Double> byTick = new TreeMap<>();
        for (Entry e : entries) {
            byTick.merge(e.tick(), e.seconds(), Double::sum);
        }
        return byTick;
    }

    private QueryLog() {
    }
}
