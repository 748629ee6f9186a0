package io.slaguard.systemtests;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/** Grafana's provisioning files, as the compose stack mounts them. */
final class Provisioning {
    static final Path DATASOURCES = Repo.path("grafana/provisioning/datasources/prometheus.yml");
    static final Path DASHBOARDS = Repo.path("grafana/provisioning/dashboards/dashboards.yml");

    private Provisioning() {
    }

    static Set<String> datasourceUids() {
        Set<String> uids = new LinkedHashSet<>();
        Repo.yaml(DATASOURCES).path("datasources").forEach(ds -> uids.add(ds.path("uid").asString()));
        return uids;
    }

    static java.util.List<String> datasourceUrls() {
        java.util.List<String> urls = new java.util.ArrayList<>();
        Repo.yaml(DATASOURCES).path("datasources").forEach(ds -> urls.add(ds.path("url").asString()));
        return urls;
    }

    static JsonNode dashboardProviders() {
        return Repo.yaml(DASHBOARDS).path("providers");
    }
}
