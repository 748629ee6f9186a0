package io.slaguard.manager.notify;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import io.slaguard.manager.model.Violation;
import io.slaguard.protocol.PasswordMask;
import io.slaguard.protocol.Times;
import io.slaguard.protocol.Violations;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pushes the violation gauge to the Pushgateway (docs/architecture.md#notification): one group per violated key,
 * {@code /metrics/job/sla/agreement/<id>/guarantee/<name>/instance/<key>}, replaced (PUT) by the key's newest
 * violation, so a repeated delivery is harmless. {@link #deleteQuietGroups} bounds the groups without local state.
 */
public final class PushgatewayNotifier implements Notifier {
    public static final String NAME = "pushgateway";
    private static final Logger log = LoggerFactory.getLogger(PushgatewayNotifier.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PUSH_TIME = "push_time_seconds";
    private static final String JOB_LABEL = "job";

    private final PushgatewaySettings settings;
    private final Clock clock;
    private final Scheme scheme;
    private final String address;
    private final String user;
    private final String password;
    private final OkHttpClient http;

    public PushgatewayNotifier(PushgatewaySettings settings) {
        this(settings, Clock.systemUTC());
    }

    public PushgatewayNotifier(PushgatewaySettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        URI uri = URI.create(settings.url());
        this.scheme = Scheme.fromString(uri.getScheme());
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        this.address = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + path;
        String userInfo = uri.getRawUserInfo();
        int colon = userInfo == null ? -1 : userInfo.indexOf(':');
        this.user = userInfo == null ? null : decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        this.password = userInfo == null ? null : colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        this.http = new OkHttpClient.Builder().connectTimeout(settings.timeout()).readTimeout(settings.timeout())
                .callTimeout(settings.timeout().multipliedBy(2)).build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void deliver(Violation violation) throws IOException {
        // a fresh gauge per push: the group holds exactly this key's newest violation, never an older violation_time
        Gauge gauge = Gauge.builder().name(settings.metricName())
                .help("Epoch seconds of the newest SLA violation of this agreement, guarantee and key")
                .labelNames(Violations.LABEL_FUNCTION_NAME, Violations.LABEL_VIOLATION_TIME)
                .build();
        String functionName = violation.resource() == null || violation.resource().isBlank()
                ? Violations.NO_FUNCTION_NAME : violation.resource();
        gauge.labelValues(functionName, Times.format(violation.datetime())).set(Times.epochSeconds(violation.datetime()));
        Map<String, String> group = new LinkedHashMap<>();
        group.put(Violations.LABEL_AGREEMENT, violation.agreementId());
        group.put(Violations.LABEL_GUARANTEE, violation.guarantee());
        group.put(Violations.LABEL_INSTANCE, violation.key());
        gateway(group).push(gauge);
    }

    /**
     * Deletes the {@code job=sla} groups whose last push is older than {@code retention}, as the Pushgateway's own
     * {@code push_time_seconds} says, so nothing has to be remembered across restarts.
     *
     * @return the number of groups deleted
     */
    public int deleteQuietGroups(Duration retention) throws IOException {
        SettingsChecks.requirePositive(retention, "retention");
        double cutoff = Times.epochSeconds(clock.instant().minus(retention));
        int deleted = 0;
        for (JsonNode group : listGroups()) {
            Map<String, String> labels = new LinkedHashMap<>();
            group.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
            if (!Violations.PUSH_JOB.equals(labels.remove(JOB_LABEL))) {
                continue;
            }
            double pushed = pushTime(group);
            if (pushed < cutoff) {
                gateway(labels).delete();
                deleted++;
                log.debug("deleted quiet Pushgateway group {} (last push {})", labels,
                        Times.format(Times.fromEpochSeconds(pushed)));
            }
        }
        if (deleted > 0) {
            log.info("deleted {} Pushgateway violation groups quiet for more than {}", deleted, retention);
        }
        return deleted;
    }

    private Iterable<JsonNode> listGroups() throws IOException {
        Request.Builder request = new Request.Builder().url(scheme + "://" + address + "/api/v1/metrics");
        if (user != null) {
            request.header("Authorization", okhttp3.Credentials.basic(user, password, StandardCharsets.UTF_8));
        }
        try (Response response = http.newCall(request.build()).execute()) {
            if (!response.isSuccessful()) {
                throw new IOException("Pushgateway " + PasswordMask.mask(settings.url())
                        + " answered " + response.code() + " to the metrics listing");
            }
            JsonNode body = JSON.readTree(response.body().string());
            return body.path("data");
        } catch (JacksonException e) {
            throw new IOException("Pushgateway metrics listing is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The group's last push, or +Inf (never deleted) when the listing does not say. */
    private static double pushTime(JsonNode group) {
        JsonNode metrics = group.path(PUSH_TIME).path("metrics");
        if (metrics.isEmpty()) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            return Double.parseDouble(metrics.get(0).path("value").asString());
        } catch (NumberFormatException e) {
            return Double.POSITIVE_INFINITY;
        }
    }

    private PushGateway gateway(Map<String, String> groupingKey) {
        PushGateway.Builder builder = PushGateway.builder().scheme(scheme).address(address).job(Violations.PUSH_JOB)
                .connectionTimeout(settings.timeout()).readTimeout(settings.timeout());
        groupingKey.forEach(builder::groupingKey);
        if (user != null) {
            builder.basicAuth(user, password);
        }
        return builder.build();
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "PushgatewayNotifier[" + PasswordMask.mask(settings.url()) + "]";
    }
}
