package io.slaguard.manager.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Set;

import io.slaguard.protocol.AmqpUri;
import io.slaguard.protocol.Durations;

/** Checks of single configuration values, shared by the native properties and the legacy keys. */
final class ConfigChecks {
    private ConfigChecks() {
    }

    static Duration duration(String key, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(key, text, e.getMessage());
        }
    }

    static Duration positive(String key, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new InvalidConfigurationException(key, value == null ? null : readable(value), "must be a positive duration");
        }
        return value;
    }

    static Duration notNegative(String key, Duration value) {
        if (value == null || value.isNegative()) {
            throw new InvalidConfigurationException(key, value == null ? null : value.toString(), "must not be negative");
        }
        return value;
    }

    private static String readable(Duration value) {
        return value.isNegative() ? value.toString() : Durations.toSecondsText(value) + "s";
    }

    /** Strictly between 0 and 1 (smoothing and trend factors). */
    static double fraction(String key, double value) {
        if (!(value > 0 && value < 1)) {
            throw new InvalidConfigurationException(key, value, "must lie strictly between 0 and 1");
        }
        return value;
    }

    static double number(String key, String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException(key, text, "not a number");
        }
    }

    /** A URL of one of the schemes, with a host; null or blank passes (unset). */
    static String url(String key, String value, Set<String> schemes) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(value.trim());
            if (uri.getScheme() == null || !schemes.contains(uri.getScheme().toLowerCase()) || uri.getHost() == null) {
                throw new InvalidConfigurationException(key, value, "expected a " + String.join(" or ", schemes)
                        + " URL with a host");
            }
            return value.trim();
        } catch (URISyntaxException e) {
            throw new InvalidConfigurationException(key, value, "malformed URL: " + e.getReason());
        }
    }

    /** An AMQP URI as the original client read it ({@link AmqpUri}), or null when blank. */
    static String amqpUri(String key, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            AmqpUri.parse(value);
            return value.strip();
        } catch (IllegalArgumentException e) {
            // the message quotes the URI, masked
            throw new InvalidConfigurationException(key, null, e.getMessage());
        }
    }
}
