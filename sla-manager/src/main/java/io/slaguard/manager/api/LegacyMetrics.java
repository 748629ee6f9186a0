package io.slaguard.manager.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Legacy agreements carry URL-encoded PromQL ({@code %20}, {@code %2B}). A metric with a {@code %XX} escape is
 * form-decoded once ({@code +} becomes a space, as the original's clients meant it); any other metric is taken
 * literally, so plain PromQL with {@code +} keeps its meaning.
 */
final class LegacyMetrics {
    private static final Pattern ESCAPE = Pattern.compile("%[0-9A-Fa-f]{2}");

    private LegacyMetrics() {
    }

    /** @throws IllegalArgumentException when the text mixes escapes with a malformed {@code %} */
    static String decode(String metric) {
        if (metric == null || !ESCAPE.matcher(metric).find()) {
            return metric;
        }
        return URLDecoder.decode(metric, StandardCharsets.UTF_8);
    }
}
