package io.slaguard.manager.assessment;

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
import io.slaguard.testsupport.WorkerTelemetry;

/**
 * Pushes what Lithops workers push (docs/architecture.md#lifecycle-telemetry): one POST per event into the job or call-attempt group, with exactly
 * the TYPEs of the contract, and waits until Prometheus has scraped everything pushed for an instance.
 */
final class LithopsTelemetry {
    private static final String LIFECYCLE_METRICS = String.join("|", Telemetry.JOB_TOTAL_CALLS,
            Telemetry.JOB_RUNTIME_MEMORY, Telemetry.FUNCTION_START, Telemetry.FUNCTION_END, Telemetry.FUNCTION_CANCEL,
            ProfilerMetrics.CPU_USAGE);

    private final MonitoringStack stack;
    private final WorkerTelemetry push;
    private final Set<String> series = ConcurrentHashMap.newKeySet();

    LithopsTelemetry(MonitoringStack stack) {
        this.stack = stack;
        this.push = new WorkerTelemetry(stack.pushgateway().url());
    }

    void job(String instance, String jobId, String function, int totalCalls, int memoryMb) {
        push.job(instance, jobId, function, totalCalls, memoryMb);
        String path = Telemetry.groupPath(Telemetry.PUSH_JOB, Telemetry.jobGroup(instance, jobId, function));
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
                .append(ProfilerMetrics.PARENT_PID).append("=\"1\"} ").append(WorkerTelemetry.plain(percent))
                .append('\n'));
        Map<String, String> group = ProfilerMetrics.callGroup(instance, callId);
        push.put(ProfilerMetrics.PUSH_JOB, group, body.toString());
        String path = Telemetry.groupPath(ProfilerMetrics.PUSH_JOB, group);
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
        push.event(instance, callId, function, attempt, metric, epochSeconds);
        String jobId = callId.substring(0, callId.lastIndexOf('-'));
        String path = Telemetry.groupPath(Telemetry.PUSH_JOB,
                Telemetry.callGroup(instance, jobId, callId, function, attempt));
        series.add(instance + " " + path + " " + metric);
    }
}
