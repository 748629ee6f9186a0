package io.slaguard.bench.manager;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.slaguard.protocol.Telemetry;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Pushes Lithops-shaped lifecycle telemetry (docs/architecture.md#lifecycle-telemetry): one POST per event with the TYPEs every pusher must use.
 * Each push returns its latency, measured from sending the request to the Pushgateway's answer. With several
 * Pushgateways, an instance's events all go to the one the executor would pick: {@code floorMod(hashCode, n)}.
 */
final class TelemetryPusher {
    private static final MediaType TEXT = MediaType.get("text/plain; version=0.0.4");

    private final List<String> pushgatewayUrls;
    private final OkHttpClient http;

    /** @param connections idle connections kept, so concurrent pushers reuse sockets instead of exhausting ports */
    TelemetryPusher(String pushgatewayUrl, int connections) {
        this(List.of(pushgatewayUrl), connections);
    }

    TelemetryPusher(List<String> pushgatewayUrls, int connections) {
        this.pushgatewayUrls = List.copyOf(pushgatewayUrls);
        this.http = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(connections, 5, TimeUnit.MINUTES))
                .connectTimeout(Duration.ofSeconds(30)).readTimeout(Duration.ofSeconds(60))
                .writeTimeout(Duration.ofSeconds(30)).build();
    }

    long job(String instance, String jobId, String function, int totalCalls, int memoryMb) throws IOException {
        String body = metric(Telemetry.JOB_TOTAL_CALLS, "counter", totalCalls)
                + metric(Telemetry.JOB_RUNTIME_MEMORY, "counter", memoryMb);
        return post(instance, Telemetry.jobGroup(instance, jobId, function), body);
    }

    long start(Call call) throws IOException {
        return post(call.instance(), call.group(), metric(Telemetry.FUNCTION_START, "gauge", call.start()));
    }

    long end(Call call) throws IOException {
        return post(call.instance(), call.group(), metric(Telemetry.FUNCTION_END, "gauge", call.end()));
    }

    private long post(String instance, java.util.Map<String, String> groupingKey, String body) throws IOException {
        String pushgatewayUrl = pushgatewayUrls.get(Math.floorMod(instance.hashCode(), pushgatewayUrls.size()));
        Request request = new Request.Builder()
                .url(pushgatewayUrl + Telemetry.groupPath(Telemetry.PUSH_JOB, groupingKey))
                .post(RequestBody.create(body, TEXT)).build();
        long begin = System.nanoTime();
        try (Response response = http.newCall(request).execute()) {
            long took = System.nanoTime() - begin;
            if (!response.isSuccessful()) {
                throw new IOException("push refused: HTTP " + response.code() + " " + response.body().string());
            }
            return took;
        }
    }

    private static String metric(String name, String type, double value) {
        return String.format(Locale.ROOT, "# TYPE %s %s%n%s %s%n", name, type, name, Double.toString(value));
    }

    void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    /** One call's first attempt: start and, when it finished, end, in epoch seconds. */
    record Call(String instance, String jobId, String callId, String function, double start, double end) {
        boolean finished() {
            return !Double.isNaN(end);
        }

        java.util.Map<String, String> group() {
            return Telemetry.callGroup(instance, jobId, callId, function, 0);
        }
    }
}
