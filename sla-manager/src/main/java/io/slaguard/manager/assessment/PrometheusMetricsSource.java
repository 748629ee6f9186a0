package io.slaguard.manager.assessment;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import okhttp3.Call;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.slaguard.protocol.Durations;
import io.slaguard.protocol.PasswordMask;

/**
 * Prometheus' HTTP API ({@code /api/v1/query}, {@code /api/v1/status/buildinfo}) over OkHttp. Instant queries
 * are form POSTs (each parameter URL-encoded exactly once) carrying {@code query}, {@code time} (fractional epoch
 * seconds), {@code timeout} and {@code nocache=1}; the same timeout bounds the whole call on the client, so a
 * hung Prometheus costs at most that long. Error messages name the URL with any password masked and never a credential.
 */
public final class PrometheusMetricsSource implements MetricsSource {
    private static final Logger log = LoggerFactory.getLogger(PrometheusMetricsSource.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(10);

    private final HttpUrl baseUrl;
    private final String displayUrl;
    private final String authorization;
    private final List<String> secrets = new ArrayList<>();
    private final OkHttpClient http;
    private volatile String version;

    public PrometheusMetricsSource(String baseUrl, PrometheusSettings settings) {
        HttpUrl parsed = baseUrl == null ? null : HttpUrl.parse(baseUrl.trim());
        if (parsed == null) {
            throw new IllegalArgumentException("not an http(s) URL for Prometheus: '" + PasswordMask.mask(baseUrl) + "'");
        }
        String user = settings.username();
        String password = settings.password();
        if (user == null && !parsed.username().isEmpty()) {
            user = parsed.username();
            password = parsed.password();
        }
        this.baseUrl = parsed.newBuilder().username("").password("").build();
        this.displayUrl = this.baseUrl.toString();
        if (user != null) {
            this.authorization = Credentials.basic(user, password == null ? "" : password, StandardCharsets.UTF_8);
            addSecret(password);
        } else if (settings.bearerToken() != null) {
            this.authorization = "Bearer " + settings.bearerToken();
            addSecret(settings.bearerToken());
        } else {
            this.authorization = null;
        }
        addSecret(parsed.password());
        this.http = new OkHttpClient.Builder()
                .connectTimeout(settings.connectTimeout())
                .build();
    }

    /** The base URL without credentials, for logs and health reports. */
    public String url() {
        return displayUrl;
    }

    @Override
    public List<Sample> query(String promql, Instant time, Duration timeout) throws MetricsSourceException {
        FormBody form = new FormBody.Builder()
                .add("query", promql)
                .add("time", Durations.toSecondsText(Duration.ofSeconds(time.getEpochSecond(), time.getNano())))
                .add("timeout", Durations.toSecondsText(timeout))
                // VictoriaMetrics otherwise answers a query within -search.latencyOffset (30 s) of now as of 30 s
                // ago, and may answer from its rollup cache; Prometheus, Thanos and Mimir ignore the parameter
                .add("nocache", "1")
                .build();
        Request request = request(endpoint("api/v1/query")).post(form).build();
        JsonNode data = call(request, timeout, "query");
        String type = data.path("resultType").asString();
        JsonNode result = data.path("result");
        switch (type) {
            case "vector": {
                List<Sample> samples = new ArrayList<>(result.size());
                for (JsonNode series : result) {
                    Map<String, String> labels = new LinkedHashMap<>();
                    series.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
                    samples.add(new Sample(labels, value(series.path("value"))));
                }
                return samples;
            }
            case "scalar":
                return List.of(new Sample(Map.of(), value(result)));
            default:
                throw new MetricsSourceException("Prometheus at " + displayUrl + " returned a " + type
                        + " result where an instant vector or scalar was expected");
        }
    }

    /** The version in {@code /api/v1/status/buildinfo}, fetched once; empty when the engine reports none. */
    @Override
    public String version() throws MetricsSourceException {
        String known = version;
        if (known == null) {
            JsonNode data = call(request(endpoint("api/v1/status/buildinfo")).get().build(), VERSION_TIMEOUT,
                    "buildinfo");
            known = data.path("version").asString("");
            version = known;
            if (known.isEmpty()) {
                log.info("the query engine at {} reports no version (VictoriaMetrics does not)", displayUrl);
            } else {
                log.info("Prometheus at {} is version {}", displayUrl, known);
            }
        }
        return known;
    }

    private HttpUrl endpoint(String path) {
        return baseUrl.newBuilder().addPathSegments(path).build();
    }

    private Request.Builder request(HttpUrl url) {
        Request.Builder builder = new Request.Builder().url(url).header("Accept", "application/json");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    /** Runs the call within {@code timeout} and returns the {@code data} of a success answer. */
    private JsonNode call(Request request, Duration timeout, String what) throws MetricsSourceException {
        Call call = http.newCall(request);
        call.timeout().timeout(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        try (Response response = call.execute()) {
            String body = response.body().string();
            JsonNode json = parse(body);
            if (response.isSuccessful() && json != null && "success".equals(json.path("status").asString())) {
                return json.path("data");
            }
            String detail = json == null ? "" : (": " + json.path("errorType").asString("") + " "
                    + json.path("error").asString("")).stripTrailing();
            throw new MetricsSourceException(scrub("Prometheus at " + displayUrl + " answered " + what
                    + " with HTTP " + response.code() + detail));
        } catch (InterruptedIOException e) {
            throw new MetricsSourceException(scrub("Prometheus at " + displayUrl + " did not answer " + what
                    + " within " + Durations.toSecondsText(timeout) + " s"), e);
        } catch (IOException e) {
            throw new MetricsSourceException(scrub("Prometheus at " + displayUrl + " unreachable: " + e), e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** A sample value {@code [time, "value"]}: Prometheus writes NaN and infinities as "NaN", "+Inf", "-Inf". */
    private static double value(JsonNode pair) throws MetricsSourceException {
        String text = pair.path(1).asString("");
        switch (text) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
            case "Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new MetricsSourceException("Prometheus returned a sample value that is not a number: '"
                            + text + "'");
                }
        }
    }

    private void addSecret(String secret) {
        if (secret != null && !secret.isEmpty()) {
            secrets.add(secret);
        }
    }

    private String scrub(String message) {
        String clean = message;
        for (String secret : secrets) {
            clean = clean.replace(secret, PasswordMask.MASK);
        }
        return clean;
    }
}
