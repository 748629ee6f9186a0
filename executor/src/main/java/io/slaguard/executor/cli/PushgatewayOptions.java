package io.slaguard.executor.cli;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

import io.slaguard.executor.telemetry.PushgatewayShards;
import picocli.CommandLine.Option;

/** The Pushgateway settings {@code run} and {@code cleanup} share, so both find an instance's groups the same way. */
final class PushgatewayOptions {
    static final String ENV_PUSHGATEWAY_URL = "SLA_PUSHGATEWAY_URL";

    @Option(names = "--pushgateway", split = ",", description = "Pushgateway URL, or several"
            + " (comma-separated) that Prometheus all scrapes: an instance uses the one its id picks"
            + " (default: $" + ENV_PUSHGATEWAY_URL + ")")
    List<URI> pushgateways;

    /** The given URLs, else those of the environment; empty when neither names one. */
    List<URI> urls() {
        if (pushgateways != null) {
            return pushgateways;
        }
        String value = System.getenv(ENV_PUSHGATEWAY_URL);
        return value == null || value.isBlank() ? List.of()
                : Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).map(URI::create).toList();
    }

    /** The Pushgateway an instance pushes to, or null when none is configured. */
    URI forInstance(String instance) {
        return PushgatewayShards.forInstance(urls(), instance);
    }
}
