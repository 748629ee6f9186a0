package io.slaguard.systemtests;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** The shipped Prometheus configuration (deploy/prometheus/prometheus.yml). */
final class PrometheusConfig {
    static final Path FILE = Repo.path("deploy/prometheus/prometheus.yml");

    private PrometheusConfig() {
    }

    static JsonNode job(String name) {
        for (JsonNode job : Repo.yaml(FILE).path("scrape_configs")) {
            if (name.equals(job.path("job_name").asString())) {
                return job;
            }
        }
        throw new AssertionError(FILE + " has no scrape job " + name);
    }

    static List<String> targets(String job) {
        List<String> out = new ArrayList<>();
        job(job).path("static_configs").forEach(c -> c.path("targets").forEach(t -> out.add(t.asString())));
        return out;
    }

    static List<String> allTargets() {
        List<String> out = new ArrayList<>();
        Repo.yaml(FILE).path("scrape_configs").forEach(j -> out.addAll(targets(j.path("job_name").asString())));
        return out;
    }
}
