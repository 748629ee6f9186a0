package io.slaguard.systemtests.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The manager's REST API as a client uses it, over real HTTP. */
public final class ManagerApi {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final MediaType APPLICATION_JSON = MediaType.get("application/json");
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(2))
            .readTimeout(Duration.ofSeconds(20)).build();

    private final String url;

    ManagerApi(String url) {
        this.url = url;
    }

    public String url() {
        return url;
    }

    /** A stored violation, as {@code GET /violations} lists it. */
    public record StoredViolation(String id, String agreementId, String guarantee, String key, double value) {
    }

    /** What {@code /actuator/health} answers, UP or not; empty while it cannot be reached. */
    public Optional<JsonNode> health() {
        try (Response response = HTTP.newCall(new Request.Builder().url(url + "/actuator/health").build()).execute()) {
            return Optional.of(JSON.readTree(response.body().string()));
        } catch (IOException | JacksonException e) {
            return Optional.empty();
        }
    }

    /** {@code POST /create-agreement}: an agreement made from a shipped template, stored {@code started}. */
    public String createAgreement(String templateId, Map<String, Object> parameters) {
        String body = JSON.writeValueAsString(Map.of("template_id", templateId, "parameters", parameters));
        Request request = new Request.Builder().url(url + "/create-agreement")
                .post(RequestBody.create(body, APPLICATION_JSON)).build();
        JsonNode created = JSON.readTree(expect(request, 201));
        return created.path("agreement_id").asString();
    }

    /** {@code PUT /agreements/{id}/terminate}: no longer assessed, its violations kept. */
    public void terminate(String agreementId) {
        expect(new Request.Builder().url(url + "/agreements/" + agreementId + "/terminate")
                .put(RequestBody.create(new byte[0])).build(), 204);
    }

    /** {@code GET /violations?agreement=…}, newest first. */
    public List<StoredViolation> violations(String agreementId) {
        String body = expect(new Request.Builder().url(url + "/violations?agreement="
                + URLEncoder.encode(agreementId, StandardCharsets.UTF_8)).build(), 200);
        List<StoredViolation> out = new ArrayList<>();
        for (JsonNode v : JSON.readTree(body)) {
            out.add(new StoredViolation(v.path("id").asString(), v.path("agreement_id").asString(),
                    v.path("guarantee").asString(), v.path("key").asString(), v.path("value").asDouble()));
        }
        return out;
    }

    /** {@code GET path}: the body of a 200 answer. */
    public String get(String path) {
        return expect(new Request.Builder().url(url + path).build(), 200);
    }

    /** The manager's own metrics ({@code /actuator/prometheus}), as text. */
    public String metrics() {
        return expect(new Request.Builder().url(url + "/actuator/prometheus").build(), 200);
    }

    private static String expect(Request request, int status) {
        try (Response response = HTTP.newCall(request).execute()) {
            String body = response.body().string();
            if (response.code() != status) {
                throw new IllegalStateException(request.method() + " " + request.url() + " answered " + response.code()
                        + " (expected " + status + "): " + body);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.url() + ": " + e.getMessage(), e);
        }
    }
}
