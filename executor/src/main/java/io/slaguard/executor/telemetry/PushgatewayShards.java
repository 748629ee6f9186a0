package io.slaguard.executor.telemetry;

import java.net.URI;
import java.util.List;

/**
 * Spreads executor instances over several Pushgateways that one Prometheus scrapes: an instance pushes everything
 * (lifecycle, profiler, remediation counter) to one of them, picked from its id, so each Pushgateway holds a share
 * of the groups (its push-time check and its scrape page shrink with it) and a call's series stay together.
 */
public final class PushgatewayShards {
    private PushgatewayShards() {
    }

    /** The Pushgateway of {@code instance}, the same for the same list on every machine; null for none. */
    public static URI forInstance(List<URI> pushgateways, String instance) {
        if (pushgateways.isEmpty()) {
            return null;
        }
        // String.hashCode is specified, so every process that knows the list agrees on the choice
        return pushgateways.get(Math.floorMod(instance.hashCode(), pushgateways.size()));
    }
}
