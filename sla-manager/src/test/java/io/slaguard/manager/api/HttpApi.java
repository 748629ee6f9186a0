package io.slaguard.manager.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Real HTTP to a running manager. */
public final class HttpApi {
    private static final MediaType JSON = MediaType.get("application/json");
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30))
            .followRedirects(false).build();

    private final String baseUrl;

    public HttpApi(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The answer of one request: status and body text. */
    public record Reply(int status, String body, Map<String, String> headers) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    public String url() {
        return baseUrl;
    }

    public Reply get(String path) {
        return call(new Request.Builder().url(baseUrl + path).get(), Map.of());
    }

    public Reply send(String method, String path, String json) {
        return send(method, path, json, Map.of());
    }

    public Reply send(String method, String path, String json, Map<String, String> headers) {
        RequestBody body = json == null ? (method.equals("DELETE") || method.equals("GET") ? null
                : RequestBody.create(new byte[0], JSON)) : RequestBody.create(json, JSON);
        return call(new Request.Builder().url(baseUrl + path).method(method, body), headers);
    }

    public Reply call(Request.Builder request, Map<String, String> headers) {
        headers.forEach(request::header);
        try (Response r = HTTP.newCall(request.build()).execute()) {
            Map<String, String> lowerCased = new java.util.HashMap<>();
            r.headers().forEach(h -> lowerCased.put(h.getFirst().toLowerCase(), h.getSecond()));
            return new Reply(r.code(), r.body().string(), lowerCased);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
