package io.slaguard.profiler;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

import io.slaguard.protocol.PasswordMask;

/**
 * How a call is profiled.
 *
 * @param interval       time between samples before jitter (default 10 s, the Lithops {@code profiler_timeout}; at least 0.2 s)
 * @param pushgatewayUrl the Pushgateway, {@code http(s)://host:port[/prefix]}; {@code user:password@} in it becomes basic auth
 * @param queueCapacity  samples waiting for the sender; when full the oldest is dropped (a newer PUT replaces it anyway)
 * @param maxBackoff     cap of the exponential pause between failed pushes
 */
public record ProfilerConfig(Duration interval, String pushgatewayUrl, int queueCapacity, Duration maxBackoff) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration MIN_INTERVAL = Duration.ofMillis(200);
    public static final int DEFAULT_QUEUE_CAPACITY = 4;
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

    public ProfilerConfig {
        Objects.requireNonNull(interval, "profiler interval is missing");
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("profiler interval must be at least " + MIN_INTERVAL.toMillis()
                    + " ms, got " + interval.toMillis() + " ms");
        }
        pushgatewayUrl = PushgatewayAddress.parse(pushgatewayUrl).url();
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("profiler queue capacity must be at least 1, got " + queueCapacity);
        }
        Objects.requireNonNull(maxBackoff, "profiler max backoff is missing");
        if (maxBackoff.isNegative() || maxBackoff.isZero()) {
            throw new IllegalArgumentException("profiler max backoff must be positive, got " + maxBackoff);
        }
    }

    /** Lithops' defaults: a sample every 10 s. */
    public static ProfilerConfig defaults(String pushgatewayUrl) {
        return new ProfilerConfig(DEFAULT_INTERVAL, pushgatewayUrl, DEFAULT_QUEUE_CAPACITY, DEFAULT_MAX_BACKOFF);
    }

    public ProfilerConfig withInterval(Duration newInterval) {
        return new ProfilerConfig(newInterval, pushgatewayUrl, queueCapacity, maxBackoff);
    }

    PushgatewayAddress pushgateway() {
        return PushgatewayAddress.parse(pushgatewayUrl);
    }

    @Override
    public String toString() {
        return "ProfilerConfig[interval=" + interval + ", pushgatewayUrl=" + pushgateway().masked()
                + ", queueCapacity=" + queueCapacity + ", maxBackoff=" + maxBackoff + "]";
    }

    /** A Pushgateway URL split the way the Prometheus client wants it, credentials apart. */
    record PushgatewayAddress(String url, String scheme, String address, String user, String password) {
        static PushgatewayAddress parse(String url) {
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("Pushgateway URL is missing (expected e.g. http://127.0.0.1:9091)");
            }
            URI uri;
            try {
                uri = URI.create(url.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a valid Pushgateway URL (expected e.g. http://127.0.0.1:9091)", e);
            }
            String scheme = uri.getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || uri.getHost() == null) {
                throw new IllegalArgumentException("Pushgateway URL must be http(s)://host[:port][/prefix], got "
                        + (uri.getHost() == null ? "a URL without host" : "scheme " + scheme));
            }
            if (uri.getQuery() != null || uri.getFragment() != null) {
                throw new IllegalArgumentException("Pushgateway URL must not have a query or fragment");
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
            String hostPort = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            String user = null;
            String password = null;
            if (uri.getUserInfo() != null) {
                int colon = uri.getUserInfo().indexOf(':');
                user = colon < 0 ? uri.getUserInfo() : uri.getUserInfo().substring(0, colon);
                password = colon < 0 ? "" : uri.getUserInfo().substring(colon + 1);
            }
            return new PushgatewayAddress(url.trim(), scheme.toLowerCase(), hostPort + path, user, password);
        }

        /** The URL as it may appear in logs. */
        String masked() {
            return scheme + "://" + (user == null ? "" : user + ":" + PasswordMask.MASK + "@") + address;
        }

        @Override
        public String toString() {
            return masked();
        }
    }
}
