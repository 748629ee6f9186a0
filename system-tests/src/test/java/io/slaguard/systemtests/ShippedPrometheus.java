package io.slaguard.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.slaguard.testsupport.FreePort;
import io.slaguard.testsupport.ManagedProcess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A real Prometheus running the shipped deploy/prometheus/prometheus.yml, with its compose addresses
 * ({@code service:port}) replaced by local ones; scrape jobs with no local target are left out.
 */
final class ShippedPrometheus extends ManagedProcess {
    private final int port;

    private ShippedPrometheus(int port, Path dir, Path config) {
        super("prometheus-" + port, List.of(System.getenv().getOrDefault("PROMETHEUS_BIN", "/usr/bin/prometheus"),
                "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port), "http://127.0.0.1:" + port + "/-/ready", dir);
        this.port = port;
    }

    /** @param localAddresses compose address ({@code pushgateway:9091}) → local one ({@code 127.0.0.1:PORT}) */
    static ShippedPrometheus launch(Map<String, String> localAddresses) {
        try {
            Path dir = Files.createTempDirectory("shipped-prometheus");
            ObjectNode config = (ObjectNode) Repo.yaml(PrometheusConfig.FILE);
            // rule files are relative to the shipped config, which is not where the local copy goes
            ArrayNode ruleFiles = config.putArray("rule_files");
            Repo.yaml(PrometheusConfig.FILE).path("rule_files").forEach(f -> ruleFiles.add(
                    PrometheusConfig.FILE.resolveSibling(f.asString()).toAbsolutePath().toString()));
            ArrayNode jobs = config.putArray("scrape_configs");
            for (JsonNode job : Repo.yaml(PrometheusConfig.FILE).path("scrape_configs")) {
                List<String> targets = new ArrayList<>();
                job.path("static_configs").forEach(c -> c.path("targets").forEach(t -> {
                    if (localAddresses.containsKey(t.asString())) {
                        targets.add(localAddresses.get(t.asString()));
                    }
                }));
                if (!targets.isEmpty()) {
                    ObjectNode local = ((ObjectNode) job).deepCopy();
                    ArrayNode staticConfigs = local.putArray("static_configs");
                    ArrayNode localTargets = staticConfigs.addObject().putArray("targets");
                    targets.forEach(localTargets::add);
                    jobs.add(local);
                }
            }
            Path file = dir.resolve("prometheus.yml");
            Files.writeString(file, YAMLMapper.builder().build().writeValueAsString(config));
            ShippedPrometheus prometheus = new ShippedPrometheus(FreePort.find(), dir, file);
            prometheus.start();
            return prometheus;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }
}
