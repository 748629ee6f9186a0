package io.slaguard.executor.telemetry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.slaguard.protocol.Ids;
import io.slaguard.protocol.ProfilerMetrics;
import io.slaguard.protocol.Telemetry;
import io.slaguard.protocol.Violations;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deletes every Pushgateway group of one instance (lifecycle, profiler and remediation groups), found through the Pushgateway's
 * {@code /api/v1/metrics}: what a finished instance's retention ends with when the process that ran it is gone.
 */
public final class GroupCleaner {
    private static final Logger log = LoggerFactory.getLogger(GroupCleaner.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI pushgateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public GroupCleaner(URI pushgateway) {
        this.pushgateway = pushgateway;
    }

    /** Deletes the instance's groups; returns how many were deleted. */
    public int deleteInstance(String instance) throws IOException, InterruptedException {
        Ids.requireInstance(instance);
        Set<String> jobs = Set.of(Telemetry.PUSH_JOB, ProfilerMetrics.PUSH_JOB, Violations.REMEDIATION_PUSH_JOB);
        HttpResponse<String> listing = http.send(HttpRequest.newBuilder(pushgateway.resolve("/api/v1/metrics"))
                .timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (listing.statusCode() != 200) {
            throw new IOException("Pushgateway answered " + listing.statusCode() + " listing its groups");
        }
        List<String> paths = new ArrayList<>();
        for (JsonNode group : JSON.readTree(listing.body()).path("data")) {
            Map<String, String> labels = new LinkedHashMap<>();
            group.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
            String job = labels.remove("job");
            if (job != null && jobs.contains(job) && instance.equals(labels.get(Telemetry.INSTANCE))) {
                paths.add(Telemetry.groupPath(job, labels));
            }
        }
        for (String path : paths) {
            HttpResponse<Void> deleted = http.send(HttpRequest.newBuilder(pushgateway.resolve(path)).timeout(TIMEOUT)
                    .DELETE().build(), HttpResponse.BodyHandlers.discarding());
            if (deleted.statusCode() >= 300) {
                throw new IOException("Pushgateway answered " + deleted.statusCode() + " deleting " + path);
            }
        }
        log.info("deleted {} Pushgateway groups of instance {}", paths.size(), instance);
        return paths.size();
    }
}
