package io.slaguard.manager.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import io.slaguard.protocol.Durations;
import io.slaguard.manager.model.Predictor;

/**
 * The original manager's configuration keys ({@code slalite.yml} and {@code SLA_*} environment variables) mapped
 * onto the native {@code sla.*} properties. Each value is checked here, so a bad one is reported with the key
 * and the place the operator wrote it.
 */
public final class LegacySettings {
    /** Environment variables of the original: {@code SLA_} and the key in capitals. */
    public static final String ENV_PREFIX = "SLA_";

    private record Key(String name, String nativeKey, BiFunction<String, String, String> convert) {
    }

    private static final List<Key> KEYS = List.of(
            new Key("checkPeriod", "sla.check-period", LegacySettings::positiveDuration),
            new Key("transientTime", "sla.transient-time", LegacySettings::duration),
            new Key("transientPeriod", "sla.transient-time", LegacySettings::duration),
            new Key("adapter", "sla.legacy.adapter", LegacySettings::adapter),
            new Key("notifier", "sla.notifiers", LegacySettings::notifier),
            new Key("rabbitMQ", "sla.rabbitmq.uri", ConfigChecks::amqpUri),
            new Key("prometheusUrl", "sla.prometheus.url", LegacySettings::httpUrl),
            new Key("pushgatewayUrl", "sla.pushgateway.url", LegacySettings::httpUrl),
            new Key("prometheusPredictor", "sla.prometheus.predictor", LegacySettings::predictor),
            new Key("HWSmoothingFactor", "sla.prometheus.sf",
                    (where, v) -> Double.toString(ConfigChecks.fraction(where, ConfigChecks.number(where, v)))),
            new Key("HWTrendFactor", "sla.prometheus.tf",
                    (where, v) -> Double.toString(ConfigChecks.fraction(where, ConfigChecks.number(where, v)))),
            new Key("PLScalar", "sla.prometheus.horizon", LegacySettings::duration),
            new Key("port", "server.port", LegacySettings::port),
            new Key("notificationUrl", "sla.notification.url", LegacySettings::httpUrl),
            new Key("repository", "sla.storage.url", LegacySettings::repository));

    private LegacySettings() {
    }

    /**
     * Native properties for the legacy values; environment variables win over the file. Keys match ignoring
     * case, as the original's configuration library did; unknown keys are ignored.
     *
     * @param file        the slalite.yml entries (top-level scalars), or empty
     * @param fileName    where they came from, for messages
     * @param environment the process environment
     * @throws InvalidConfigurationException naming the legacy key and its source
     */
    public static Map<String, Object> toNative(Map<String, String> file, String fileName,
                                               Map<String, String> environment) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Key key : KEYS) {
            String fromFile = lookupIgnoringCase(file, key.name());
            if (fromFile != null) {
                properties.put(key.nativeKey(), key.convert().apply(key.name() + " (" + fileName + ")", fromFile));
            }
        }
        for (Key key : KEYS) {
            String variable = ENV_PREFIX + key.name().toUpperCase(Locale.ROOT);
            String fromEnv = environment.get(variable);
            if (fromEnv != null) {
                properties.put(key.nativeKey(), key.convert().apply(key.name() + " (" + variable + ")", fromEnv));
            }
        }
        properties.values().removeIf(v -> v == null);
        return properties;
    }

    private static String lookupIgnoringCase(Map<String, String> values, String name) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String duration(String where, String value) {
        Duration parsed = ConfigChecks.duration(where, value);
        return Durations.toSecondsText(parsed) + "s";
    }

    private static String positiveDuration(String where, String value) {
        ConfigChecks.positive(where, ConfigChecks.duration(where, value));
        return duration(where, value);
    }

    private static String httpUrl(String where, String value) {
        return ConfigChecks.url(where, value, Set.of("http", "https"));
    }

    private static String adapter(String where, String value) {
        if (!value.isBlank() && !value.trim().equalsIgnoreCase("prometheus")) {
            throw new InvalidConfigurationException(where, value, "only the prometheus adapter exists");
        }
        return "prometheus";
    }

    private static String notifier(String where, String value) {
        String name = value.trim().toLowerCase(Locale.ROOT);
        return switch (name) {
            case SlaProperties.LOG, SlaProperties.REST -> name;
            case SlaProperties.RABBIT_PUSHGATEWAY -> SlaProperties.RABBITMQ + "," + SlaProperties.PUSHGATEWAY;
            default -> throw new InvalidConfigurationException(where, value, "unknown notifier; expected log, rest or rabbitpushg");
        };
    }

    private static String predictor(String where, String value) {
        String name = value.trim().toLowerCase(Locale.ROOT).replace("-", "_");
        return switch (name) {
            case "", "none" -> "";
            case Predictor.HOLT_WINTERS, "holtwinters" -> Predictor.HOLT_WINTERS;
            case Predictor.PREDICT_LINEAR, "predictlinear" -> Predictor.PREDICT_LINEAR;
            default -> throw new InvalidConfigurationException(where, value,
                    "unknown predictor; expected holt_winters, predict_linear or none");
        };
    }

    private static String port(String where, String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return Integer.toString(port);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidConfigurationException(where, value, "expected a TCP port number (0-65535)");
    }

    /** The original named a storage kind; here storage is a JDBC URL (H2 file by default). */
    private static String repository(String where, String value) {
        String kind = value.trim();
        if (kind.startsWith("jdbc:")) {
            return kind;
        }
        if (kind.isEmpty() || kind.equalsIgnoreCase("memory")) {
            return null;
        }
        throw new InvalidConfigurationException(where, value,
                "unsupported repository; use 'memory' (the default embedded database) or a JDBC URL");
    }
}
