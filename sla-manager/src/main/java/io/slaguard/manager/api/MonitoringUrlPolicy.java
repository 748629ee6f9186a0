package io.slaguard.manager.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.slaguard.manager.config.SlaProperties;

/**
 * An agreement's {@code monitoring_url} is a place the manager would connect to on a client's word, so it must
 * be http(s) and its host must be listed in {@code sla.security.allowed-monitoring-hosts} (SSRF guard).
 */
@Component
public class MonitoringUrlPolicy {
    private final List<String> allowedHosts;

    public MonitoringUrlPolicy(SlaProperties properties) {
        this.allowedHosts = properties.security().allowedMonitoringHosts();
    }

    /** The problem with {@code url}, if any; null or empty (no URL) is fine. */
    public Optional<String> problem(String url) {
        if (url == null || url.isEmpty()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("monitoring_url is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            return Optional.of("monitoring_url must be an http(s) URL with a host");
        }
        if (!allowedHosts.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
            return Optional.of("monitoring_url host '" + uri.getHost()
                    + "' is not allowed (sla.security.allowed-monitoring-hosts)");
        }
        return Optional.empty();
    }
}
