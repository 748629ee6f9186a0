package io.slaguard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.slaguard.protocol.Ids;
import io.slaguard.protocol.Telemetry;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Pushes what Lithops workers push (docs/architecture.md#lifecycle-telemetry), for tests and benchmarks: one POST
 * per event into the job or the call-attempt group, with the contract's names, TYPEs and grouping keys. Every push
 * returns its latency (sending the request to the Pushgateway's answer) and throws when the Pushgateway refuses it.
 */
public final class WorkerTelemetry implements AutoCloseable {
    private static final MediaType TEXT = MediaType.get("text/plain; version=0.0.4");

    private final String pushgatewayUrl;
    private final OkHttpClient http;

    public WorkerTelemetry(String pushgatewayUrl) {
        this(pushgatewayUrl, 5);
    }

    /** @param connections idle connections kept, so many concurrent pushers reuse sockets instead of exhausting ports */
    public WorkerTelemetry(String pushgatewayUrl, int connections) {
        this.pushgatewayUrl = pushgatewayUrl;
        this.http = new OkHttpClient.Builder().connectionPool(new ConnectionPool(connections, 5, TimeUnit.MINUTES))
                .connectTimeout(Duration.ofSeconds(30)).readTimeout(Duration.ofSeconds(60))
                .writeTimeout(Duration.ofSeconds(30)).build();
    }

    /** The job group: {@code job_total_calls} and {@code job_runtime_memory} (MB), both TYPE counter. */
    public long job(String instance, String jobId, String function, int totalCalls, int memoryMb) {
        return post(Telemetry.groupPath(Telemetry.PUSH_JOB, Telemetry.jobGroup(instance, jobId, function)),
                metric(Telemetry.JOB_TOTAL_CALLS, "counter", totalCalls)
                        + metric(Telemetry.JOB_RUNTIME_MEMORY, "counter", memoryMb));
    }

    public long start(String instance, String callId, String function, int attempt, double epochSeconds) {
        return event(instance, callId, function, attempt, Telemetry.FUNCTION_START, epochSeconds);
    }

    public long end(String instance, String callId, String function, int attempt, double epochSeconds) {
        return event(instance, callId, function, attempt, Telemetry.FUNCTION_END, epochSeconds);
    }

    public long cancel(String instance, String callId, String function, int attempt, double epochSeconds) {
        return event(instance, callId, function, attempt, Telemetry.FUNCTION_CANCEL, epochSeconds);
    }

    /** One lifecycle event of an attempt ({@code function_start}, {@code function_end}, {@code function_cancel}). */
    public long event(String instance, String callId, String function, int attempt, String metric, double epochSeconds) {
        String jobId = Ids.parseCall(callId).jobId();
        return post(Telemetry.groupPath(Telemetry.PUSH_JOB,
                Telemetry.callGroup(instance, jobId, callId, function, attempt)), metric(metric, "gauge", epochSeconds));
    }

    /** Replaces a group with {@code body} (what the profiler does with each sample). */
    public long put(String job, Map<String, String> groupingKey, String body) {
        return send(new Request.Builder().url(pushgatewayUrl + Telemetry.groupPath(job, groupingKey))
                .put(RequestBody.create(body, TEXT)).build());
    }

    /** A value as the text format takes it, in plain decimal notation. */
    public static String plain(double value) {
        return BigDecimal.valueOf(value).toPlainString();
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    /** POST, so the group's other metrics stay. */
    private long post(String path, String body) {
        return send(new Request.Builder().url(pushgatewayUrl + path).post(RequestBody.create(body, TEXT)).build());
    }

    private long send(Request request) {
        long begin = System.nanoTime();
        try (Response response = http.newCall(request).execute()) {
            long took = System.nanoTime() - begin;
            if (!response.isSuccessful()) {
                throw new IllegalStateException(request.method() + " " + request.url() + " refused: HTTP "
                        + response.code() + " " + response.body().string());
            }
            return took;
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.url() + ": " + e.getMessage(), e);
        }
    }

    private static String metric(String name, String type, double value) {
        return "# TYPE " + name + " " + type + "\n" + name + " " + plain(value) + "\n";
    }
}
