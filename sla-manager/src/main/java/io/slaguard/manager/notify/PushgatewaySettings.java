package io.slaguard.manager.notify;

import java.net.URI;
import java.time.Duration;

import io.slaguard.protocol.PasswordMask;
import io.slaguard.protocol.Violations;

/**
 * Settings of the Pushgateway channel.
 *
 * @param url        base URL, e.g. {@code http://127.0.0.1:9091} (user info, if any, is sent as basic auth)
 * @param metricName name of the violation gauge
 * @param timeout    connect and read timeout of each request
 */
public record PushgatewaySettings(String url, String metricName, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public PushgatewaySettings {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("pushgateway URL is missing (expected e.g. http://127.0.0.1:9091)");
        }
        URI parsed;
        try {
            parsed = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad pushgateway URL " + PasswordMask.mask(url));
        }
        if (!("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme())) || parsed.getHost() == null) {
            throw new IllegalArgumentException("pushgateway URL must be http(s)://host[:port]: " + PasswordMask.mask(url));
        }
        if (metricName == null || !metricName.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new IllegalArgumentException("not a valid metric name: '" + metricName + "'");
        }
        SettingsChecks.requirePositive(timeout, "pushgateway timeout");
    }

    /** The compatible defaults: gauge {@code CloudButton_sla_QoS_violation}. */
    public static PushgatewaySettings defaults(String url) {
        return new PushgatewaySettings(url, Violations.DEFAULT_VIOLATION_METRIC, DEFAULT_TIMEOUT);
    }

    @Override
    public String toString() {
        return "PushgatewaySettings[url=" + PasswordMask.mask(url) + ", metricName=" + metricName + ", timeout=" + timeout + "]";
    }
}
