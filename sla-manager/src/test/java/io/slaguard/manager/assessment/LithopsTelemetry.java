package io.slaguard.manager.assessment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.awaitility.Awaitility;

import io.slaguard.protocol.ProfilerMetrics;
import io.slaguard.protocol.Telemetry;
import io.slaguard.testsupport.MonitoringStack;
import io.slaguard.testsupport.QueryEngine;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Pushes what Lithops workers push (docs/architecture.md#lifecycle-telemetry): one POST per event into the job or call-attempt group, with exactly
 * the TYPEs of the contract, and waits until the engines have scraped everything pushed for an instance.
 */
public final class LithopsTelemetry {
    private static final MediaType TEXT = MediaType.get("text/plain; version=0.0.4");
    private static final OkHttpClient HTTP = new OkHttpClient();

    private final MonitoringStack stack;
    private final List<QueryEngine> engines;
    private final Set<String> series = ConcurrentHashMap.newKeySet();

    /** Pushes to the stack's Pushgateway; {@link #awaitScraped} waits for its Prometheus. */
    public LithopsTelemetry(MonitoringStack stack) {
        this(stack, List.of(stack.prometheus()));
    }

    /** Pushes to the stack's Pushgateway; {@link #awaitScraped} waits for each of these engines. */
    public LithopsTelemetry(MonitoringStack stack, List<QueryEngine> engines) {
        this.stack = stack;
        this.engines = List.copyOf(engines);
    }

    public void job(String instance, String jobId, String function, int totalCalls, int memoryMb) {
        String path = Telemetry.groupPath(Telemetry.PUSH_JOB, Telemetry.jobGroup(instance, jobId, function));
        post(path, metric(Telemetry.JOB_TOTAL_CALLS, "counter", totalCalls)
                + metric(Telemetry.JOB_RUNTIME_MEMORY, "counter", memoryMb));
        series.add(instance + " " + path + " " + Telemetry.JOB_TOTAL_CALLS);
        series.add(instance + " " + path + " " + Telemetry.JOB_RUNTIME_MEMORY);
    }

    public void start(String instance, String callId, String function, int attempt, double epochSeconds) {
        callEvent(instance, callId, function, attempt, Telemetry.FUNCTION_START, epochSeconds);
    }

    public void end(String instance, String callId, String function, int attempt, double epochSeconds) {
        callEvent(instance, callId, function, attempt, Telemetry.FUNCTION_END, epochSeconds);
    }

    public void cancel(String instance, String callId, String function, int attempt, double epochSeconds) {
        callEvent(instance, callId, function, attempt, Telemetry.FUNCTION_CANCEL, epochSeconds);
    }

    /** The optional {@code function_input_bytes} of a call attempt, in its group. */
    public void inputBytes(String instance, String callId, String function, int attempt, double bytes) {
        callEvent(instance, callId, function, attempt, Telemetry.FUNCTION_INPUT_BYTES, bytes);
    }

    /**
     * A gauge as the manager exports it on its own endpoint, pushed here instead (after the scrape both carry
     * {@code exported_instance}): in a group of its own, {@code job=sla_learning_fixture}, with the given labels.
     */
    public void exported(String instance, String metric, Map<String, String> labels, double value) {
        Map<String, String> group = new java.util.LinkedHashMap<>();
        group.put(Telemetry.INSTANCE, instance);
        group.putAll(labels);
        String path = Telemetry.groupPath("sla_learning_fixture_" + metric, group);
        post(path, metric(metric, "gauge", value));
        series.add(instance + " " + path + " " + metric);
    }

    /** Deletes a call attempt's group, as the executor's clean-up does: its series go stale at the next scrape. */
    void deleteCall(String instance, String callId, String function, int attempt) {
        String jobId = callId.substring(0, callId.lastIndexOf('-'));
        String path = Telemetry.groupPath(Telemetry.PUSH_JOB,
                Telemetry.callGroup(instance, jobId, callId, function, attempt));
        send(new Request.Builder().url(stack.pushgateway().url() + path).delete().build());
        series.removeIf(s -> s.startsWith(instance + " " + path + " "));
    }

    /** One profiler sample of a call: {@code cpu_usage} per process (pid → percent), as one PUT. */
    public void cpu(String instance, String executorId, String jobId, String callId, Map<Integer, Double> percentByPid) {
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
        percentByPid.keySet().forEach(pid -> series.add(instance + " " + path + " " + ProfilerMetrics.CPU_USAGE + " " + pid));
    }

    /**
     * Waits until each engine holds every series pushed so far for {@code instance}, as seen through the bare
     * metric-name selectors the templates use: VictoriaMetrics answers a selector it was already asked with the
     * series it knew then for up to about 10 s, so a fresh selector seeing the instance would not be enough.
     * Only the metrics pushed here count: a manager scraped by the same engine may export series of the instance too.
     */
    public void awaitScraped(String instance) {
        List<String> pushed = series.stream().filter(s -> s.startsWith(instance + " ")).toList();
        long expected = pushed.size();
        Set<String> metrics = new TreeSet<>();
        pushed.forEach(s -> metrics.add(s.split(" ")[2]));
        for (QueryEngine engine : engines) {
            Awaitility.await(engine + " scraped " + expected + " series of " + instance).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> seriesOf(engine, instance, metrics) == expected);
        }
    }

    private static long seriesOf(QueryEngine engine, String instance, Set<String> metrics) {
        long count = 0;
        for (String metric : metrics) {
            for (QueryEngine.Series s : engine.query("count by (" + Telemetry.EXPORTED_INSTANCE + ") (" + metric + ")")) {
                if (instance.equals(s.label(Telemetry.EXPORTED_INSTANCE))) {
                    count += (long) s.value();
                }
            }
        }
        return count;
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
