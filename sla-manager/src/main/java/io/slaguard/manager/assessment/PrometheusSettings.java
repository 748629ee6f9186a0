package io.slaguard.manager.assessment;

import java.time.Duration;

import io.slaguard.protocol.PasswordMask;

/**
 * How to reach Prometheus besides its URL: basic auth ({@code username}/{@code password}) or a bearer token, and
 * the TCP connect timeout. Credentials in the URL itself ({@code http://user:pass@host}) are honoured too. Never
 * printed: {@link #toString()} masks them.
 */
public record PrometheusSettings(String username, String password, String bearerToken, Duration connectTimeout) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

    public PrometheusSettings {
        if (username != null && username.isEmpty()) {
            username = null;
        }
        if (bearerToken != null && bearerToken.isEmpty()) {
            bearerToken = null;
        }
        if (username != null && bearerToken != null) {
            throw new IllegalArgumentException("Prometheus: set basic auth or a bearer token, not both");
        }
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("Prometheus connect timeout must be positive, got " + connectTimeout);
        }
    }

    /** No credentials, default connect timeout. */
    public static PrometheusSettings anonymous() {
        return new PrometheusSettings(null, null, null, null);
    }

    @Override
    public String toString() {
        return "PrometheusSettings[username=" + username + ", password=" + (password == null ? null : PasswordMask.MASK)
                + ", bearerToken=" + (bearerToken == null ? null : PasswordMask.MASK) + ", connectTimeout=" + connectTimeout + "]";
    }
}
