package io.slaguard.manager.config;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.slaguard.protocol.Durations;
import io.slaguard.manager.model.Predictor;
import io.slaguard.protocol.Violations;

/**
 * The manager's settings ({@code sla.*}); docs/configuration.md lists every key with its legacy name. Each
 * value is checked here, so a bad one stops start-up naming its key instead of failing later.
 */
@ConfigurationProperties("sla")
public record SlaProperties(@DefaultValue("10s") @DurationText Duration checkPeriod,
                            @DefaultValue("0s") @DurationText Duration transientTime,
                            @DefaultValue("log") List<String> notifiers,
                            @DefaultValue Assessment assessment,
                            @DefaultValue Prometheus prometheus,
                            @DefaultValue Rabbitmq rabbitmq,
                            @DefaultValue Pushgateway pushgateway,
                            @DefaultValue Notification notification,
                            @DefaultValue Security security,
                            @DefaultValue Storage storage,
                            @DefaultValue Templates templates) {

    public static final String LOG = "log";
    public static final String REST = "rest";
    public static final String RABBITMQ = "rabbitmq";
    public static final String PUSHGATEWAY = "pushgateway";
    /** The legacy notifier name: RabbitMQ and Pushgateway together. */
    public static final String RABBIT_PUSHGATEWAY = "rabbitpushg";

    public SlaProperties {
        ConfigChecks.positive("sla.check-period", checkPeriod);
        ConfigChecks.notNegative("sla.transient-time", transientTime);
        Set<String> channels = channels(notifiers);
        if (channels.contains(RABBITMQ) && (rabbitmq.uri() == null || rabbitmq.uri().isBlank())) {
            throw new InvalidConfigurationException("sla.rabbitmq.uri", null,
                    "required by the rabbitmq notifier (e.g. amqp://user:password@host:5672/)");
        }
        if (channels.contains(PUSHGATEWAY) && pushgateway.url() == null) {
            throw new InvalidConfigurationException("sla.pushgateway.url", null, "required by the pushgateway notifier");
        }
        if (channels.contains(REST) && notification.url() == null) {
            throw new InvalidConfigurationException("sla.notification.url", null, "required by the rest notifier");
        }
    }

    /** The enabled delivery channels, legacy {@code rabbitpushg} expanded. */
    public Set<String> channels() {
        return channels(notifiers);
    }

    private static Set<String> channels(List<String> names) {
        Set<String> channels = new LinkedHashSet<>();
        for (String raw : names) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case LOG, REST, RABBITMQ, PUSHGATEWAY -> channels.add(name);
                case RABBIT_PUSHGATEWAY -> {
                    channels.add(RABBITMQ);
                    channels.add(PUSHGATEWAY);
                }
                case "" -> {
                    // an empty list entry ("log,") is not a notifier
                }
                default -> throw new InvalidConfigurationException("sla.notifiers", raw,
                        "unknown notifier; expected log, rest, rabbitmq, pushgateway or rabbitpushg");
            }
        }
        return channels;
    }

    /**
     * @param parallelism       agreements assessed at once
     * @param agreementDeadline longest one agreement may take in a tick; null: the check period
     * @param maxLastValues     bound on the violating keys kept per guarantee
     * @param enabled           false: serve the API only, assess and deliver nothing (maintenance, API replicas)
     */
    public record Assessment(@DefaultValue("4") int parallelism, @DurationText Duration agreementDeadline,
                             @DefaultValue("100") int maxLastValues, @DefaultValue("true") boolean enabled) {
        public Assessment {
            if (parallelism < 1) {
                throw new InvalidConfigurationException("sla.assessment.parallelism", parallelism, "must be at least 1");
            }
            if (agreementDeadline != null) {
                ConfigChecks.positive("sla.assessment.agreement-deadline", agreementDeadline);
            }
            if (maxLastValues < 1) {
                throw new InvalidConfigurationException("sla.assessment.max-last-values", maxLastValues, "must be at least 1");
            }
        }
    }

    /**
     * @param predictor none (empty), holt_winters or predict_linear: applied to range-vector variables
     * @param sf        Holt-Winters smoothing factor, (0, 1)
     * @param tf        Holt-Winters trend factor, (0, 1)
     * @param horizon   predict_linear horizon
     */
    public record Prometheus(@DefaultValue("http://127.0.0.1:9090") String url, @DefaultValue("5s") @DurationText Duration timeout,
                             @DefaultValue("") String predictor, @DefaultValue("0.5") double sf,
                             @DefaultValue("0.5") double tf, @DefaultValue("30s") @DurationText Duration horizon) {
        public Prometheus {
            url = ConfigChecks.url("sla.prometheus.url", url, Set.of("http", "https"));
            if (url == null) {
                throw new InvalidConfigurationException("sla.prometheus.url", null, "required");
            }
            ConfigChecks.positive("sla.prometheus.timeout", timeout);
            predictor = predictor == null ? "" : predictor.trim().toLowerCase(Locale.ROOT);
            if (!predictor.isEmpty() && !predictor.equals(Predictor.HOLT_WINTERS)
                    && !predictor.equals(Predictor.PREDICT_LINEAR)) {
                throw new InvalidConfigurationException("sla.prometheus.predictor", predictor,
                        "expected holt_winters, predict_linear or empty (none)");
            }
            ConfigChecks.fraction("sla.prometheus.sf", sf);
            ConfigChecks.fraction("sla.prometheus.tf", tf);
            ConfigChecks.positive("sla.prometheus.horizon", horizon);
        }

        /** The global predictor, or null when none is configured. */
        public Predictor defaultPredictor() {
            return predictor.isEmpty() ? null
                    : new Predictor(predictor, sf, tf, Durations.toSecondsText(horizon) + "s");
        }
    }

    /**
     * @param uri         AMQP URI with credentials; no default (no credential is built in)
     * @param legacyQueue the original durable queue bound with {@code #}; turn it off where nobody reads it
     */
    public record Rabbitmq(String uri, @DefaultValue(Violations.EXCHANGE) String exchange,
                           @DefaultValue LegacyQueue legacyQueue) {
        public Rabbitmq {
            uri = ConfigChecks.amqpUri("sla.rabbitmq.uri", uri);
            if (exchange == null || exchange.isBlank()) {
                throw new InvalidConfigurationException("sla.rabbitmq.exchange", exchange, "must not be empty");
            }
        }
    }

    public record LegacyQueue(@DefaultValue("true") boolean enabled,
                              @DefaultValue(Violations.LEGACY_QUEUE) String name) {
        public LegacyQueue {
            if (enabled && (name == null || name.isBlank())) {
                throw new InvalidConfigurationException("sla.rabbitmq.legacy-queue.name", name, "must not be empty");
            }
        }
    }

    /**
     * @param violationMetric gauge pushed per violated key
     * @param groupRetention  groups of keys quiet this long are deleted
     */
    public record Pushgateway(String url, @DefaultValue(Violations.DEFAULT_VIOLATION_METRIC) String violationMetric,
                              @DefaultValue("15m") @DurationText Duration groupRetention, @DefaultValue("5s") @DurationText Duration timeout) {
        public Pushgateway {
            url = ConfigChecks.url("sla.pushgateway.url", url, Set.of("http", "https"));
            if (violationMetric == null || !violationMetric.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
                throw new InvalidConfigurationException("sla.pushgateway.violation-metric", violationMetric,
                        "not a Prometheus metric name");
            }
            ConfigChecks.positive("sla.pushgateway.group-retention", groupRetention);
            ConfigChecks.positive("sla.pushgateway.timeout", timeout);
        }
    }

    /** @param url where the rest notifier POSTs violation messages */
    public record Notification(String url, @DefaultValue("10s") @DurationText Duration timeout) {
        public Notification {
            url = ConfigChecks.url("sla.notification.url", url, Set.of("http", "https"));
            ConfigChecks.positive("sla.notification.timeout", timeout);
        }
    }

    /**
     * @param apiKeys                 keys accepted on mutating routes; none: the server listens on loopback only
     * @param allowedMonitoringHosts  hosts an agreement's {@code monitoring_url} may name (SSRF guard)
     */
    public record Security(@DefaultValue List<String> apiKeys, @DefaultValue List<String> allowedMonitoringHosts) {
        public Security {
            apiKeys = apiKeys.stream().map(String::trim).filter(k -> !k.isEmpty()).toList();
            allowedMonitoringHosts = allowedMonitoringHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT))
                    .filter(h -> !h.isEmpty()).toList();
        }

        @Override
        public String toString() {
            return "Security[apiKeys=" + apiKeys.size() + " configured, allowedMonitoringHosts="
                    + allowedMonitoringHosts + "]";
        }
    }

    /**
     * The database itself is chosen by {@code sla.storage.url} (see application.yml).
     *
     * @param retention    violations (and their delivered outbox entries) older than this are deleted
     * @param compactEvery H2 only: how often the running database file is compacted (H2 2.x otherwise gives
     *                     space back only at a clean stop)
     */
    public record Storage(@DefaultValue("30d") @DurationText Duration retention,
                          @DefaultValue("1m") @DurationText Duration compactEvery) {
        public Storage {
            ConfigChecks.positive("sla.storage.retention", retention);
            ConfigChecks.positive("sla.storage.compact-every", compactEvery);
        }
    }

    /** @param dir the directory whose {@code *.json} templates are loaded at start-up */
    public record Templates(@DefaultValue("agreements/templates") String dir) {
    }
}
