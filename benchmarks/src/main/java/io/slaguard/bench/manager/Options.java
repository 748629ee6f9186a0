package io.slaguard.bench.manager;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Command-line options ({@code --name value}); every one has a default that gives the scenario of the targets (docs/architecture.md#figures-to-reach). */
record Options(int jobs, int callsPerJob, int instances, int pushers, double finishedShare, int stragglersPerJob,
               Duration checkPeriod, int ticks, int detectionJobs, double detectionSpacing, double maxCost,
               String maxHeap, Path managerJar, Path templates, String exchange, int loadCalls,
               boolean consistencyCheck, Duration scrapeInterval, Duration transientTime, boolean distinctParameters,
               QueryLoggingPrometheus.Engine engine, int pushgateways, Path out) {

    private static final Set<String> NAMES = Set.of("jobs", "calls-per-job", "instances", "pushers", "finished-share",
            "stragglers-per-job", "check-period", "ticks", "detection-jobs", "detection-spacing", "max-cost",
            "max-heap", "manager-jar", "templates", "exchange", "load-calls", "consistency-check", "scrape-interval", "transient-time", "distinct-parameters",
            "engine", "pushgateways", "out");

    static Options parse(String[] args) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : args[i];
            if (!NAMES.contains(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option or missing value: " + args[i] + "; options: " + NAMES);
            }
            given.put(name, args[i + 1]);
        }
        return new Options(
                Integer.parseInt(given.getOrDefault("jobs", "100")),
                Integer.parseInt(given.getOrDefault("calls-per-job", "100")),
                Integer.parseInt(given.getOrDefault("instances", "10")),
                Integer.parseInt(given.getOrDefault("pushers", "1000")),
                Double.parseDouble(given.getOrDefault("finished-share", "0.6")),
                Integer.parseInt(given.getOrDefault("stragglers-per-job", "1")),
                seconds(given.getOrDefault("check-period", "5")),
                Integer.parseInt(given.getOrDefault("ticks", "20")),
                Integer.parseInt(given.getOrDefault("detection-jobs", "20")),
                Double.parseDouble(given.getOrDefault("detection-spacing", "1.37")),
                Double.parseDouble(given.getOrDefault("max-cost", "4")),
                given.getOrDefault("max-heap", "256m"),
                Path.of(given.getOrDefault("manager-jar", "sla-manager/target-bench/sla-manager-0.1.0-SNAPSHOT-exec.jar"))
                        .toAbsolutePath(),
                Path.of(given.getOrDefault("templates", "agreements/templates")).toAbsolutePath(),
                given.getOrDefault("exchange", "sla.violations.bench"),
                Integer.parseInt(given.getOrDefault("load-calls", "1000")),
                Boolean.parseBoolean(given.getOrDefault("consistency-check", "false")),
                seconds(given.getOrDefault("scrape-interval", "1")),
                seconds(given.getOrDefault("transient-time", "0")),
                Boolean.parseBoolean(given.getOrDefault("distinct-parameters", "false")),
                QueryLoggingPrometheus.Engine.of(given.getOrDefault("engine", "prometheus")),
                Integer.parseInt(given.getOrDefault("pushgateways", "1")),
                given.containsKey("out") ? Path.of(given.get("out")) : null);
    }

    private static Duration seconds(String text) {
        return Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
    }

    boolean scale() {
        return jobs > 0;
    }

    double checkPeriodSeconds() {
        return checkPeriod.toMillis() / 1000.0;
    }

    double scrapeIntervalSeconds() {
        return scrapeInterval.toMillis() / 1000.0;
    }
}
