package io.slaguard.manager.assessment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.awaitility.Awaitility;

import io.slaguard.protocol.ProfilerMetrics;
import io.slaguard.protocol.Telemetry;
import io.slaguard.testsupport.MonitoringStack;
import io.slaguard.testsupport.PrometheusServer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Pushes what Lithops workers push (docs/architecture.md#lifecycle-telemetry): one POST per event into the job or call-attempt group, with exactly
 * the TYPEs of the contract, and waits until Prometheus has scraped everything pushed for an instance.
 */
final class LithopsTelemetry {
    private static final MediaType TEXT = MediaType.get("text/plain; version=0.0.4");
    private static final OkHttpClient HTTP = new OkHttpClient();
    private static final String LIFECYCLE_METRICS = String.join("|", Telemetry.JOB_TOTAL_CALLS,
            Telemetry.JOB_RUNTIME_MEMORY, Telemetry.FUNCTION_START, Telemetry.FUNCTION_END, Telemetry.FUNCTION_CANCEL,
            ProfilerMetrics.CPU_USAGE);

    private final MonitoringStack stack;
    private final Set<String> series = ConcurrentHashMap.newKeySet();

    LithopsTelemetry(MonitoringStack stack) {
        this.stack = stack;
    }

    void job(String instance, String jobId, String function, int totalCalls, int memoryMb) {
        String path = Telemetry.groupPath(Telemetry.PUSH_JOB, Telemetry.jobGroup(instance, jobId, function));
        post(path, metric(Telemetry.JOB_TOTAL_CALLS, "counter", totalCalls)
                + metric(Telemetry.JOB_RUNTIME_MEMORY, "counter", memoryMb));
        series.add(instance + " " + path + " " + Telemetry.JOB_TOTAL_CALLS);
        series.add(instance + " " + path + " " + Telemetry.JOB_RUNTIME_MEMORY);
    }

    void start(String instance, String callId, String function, int attempt, double epochSeconds) {
        callEvent(instance, callId, function, attempt, Telemetry.FUNCTION_START, epochSeconds);
    }

    void end(String instance, String callId, String function, int attempt, double epochSeconds) {
        callEvent(instance, callId, function, attempt, Telemetry.FUNCTION_END, epochSeconds);
    }

    void cancel(String instance, String callId, String function, int attempt, double epochSeconds) {
        callEvent(instance, callId, function, attempt, Telemetry.FUNCTION_CANCEL, epochSeconds);
    }

    /** One profiler sample of a call: {@code cpu_usage} per process (pid → percent), as one PUT. */
    void cpu(String instance, String executorId, String jobId, String callId, Map<Integer, Double> percentByPid) {
        StringBuilder body = new StringBuilder("# TYPE " + ProfilerMetrics.CPU_USAGE + " gauge\n");
        percentByPid.forEach((pid, percent) -> body.append(ProfilerMetrics.CPU_USAGE).append("{")
                .append(ProfilerMetrics.JOB_ID).append("=\"").append(jobId).append("\",")
                .append(ProfilerMetrics.EXECUTOR_ID).append("=\"").append(executorId).append("\",")
                .append(ProfilerMetrics.CALL_ID).append("=\"").append(callId).append("\",")
                .append(ProfilerMetrics.PID).append("=\"").append(pid).append("\",")
                .append(ProfilerMetrics.PARENT_PID).append("=\"1\"} ").append(plain(percent)).append('\n'));
        String path = Telemetry.groupPath(ProfilerMetrics.PUSH_JOB, ProfilerMetrics.callGroup(instance, callId));
        send(new Request.Builder().url(stack.pushgateway().url() + path)
                .put(RequestBody.create(body.toString(), TEXT)).build());
        percentByPid.keySet().forEach(pid -> series.add(instance + " " + path + " cpu " + pid));
    }

    /** Waits until Prometheus holds every series pushed so far for {@code instance}. */
    void awaitScraped(String instance) {
        long expected = series.stream().filter(s -> s.startsWith(instance + " ")).count();
        String query = "count({__name__=~\"" + LIFECYCLE_METRICS + "\", exported_instance=\"" + instance + "\"})";
        Awaitility.await("Prometheus scraped " + expected + " series of " + instance).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    List<PrometheusServer.Series> result = stack.prometheus().query(query);
                    return !result.isEmpty() && result.get(0).value() == expected;
                });
    }

    private void callEvent(String instance, String callId, String function, int attempt, String metric,
                           double epochSeconds) {
        String jobId = callId.substring(0, callId.lastIndexOf('-'));
        String path = Telemetry.groupPath(Telemetry.PUSH_JOB,
                Telemetry.callGroup(instance, jobId, callId, function, attempt));
        post(path, metric(metric, "gauge", epochSeconds));
        series.add(instance + " " + path + " " + metric);
    }

    /** POST, so the group's other metrics stay (one request per event). */
    private void post(String path, String body) {
        send(new Request.Builder().url(stack.pushgateway().url() + path).post(RequestBody.create(body, TEXT)).build());
    }

    private static void send(Request request) {
        try (Response response = HTTP.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw new IllegalStateException("push refused: HTTP " + response.code() + " " + response.body().string());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String metric(String name, String type, double value) {
        return "# TYPE " + name + " " + type + "\n" + name + " " + plain(value) + "\n";
    }

    static String plain(double value) {
        return BigDecimal.valueOf(value).toPlainString();
    }
}
