package io.slaguard.systemtests;

import java.util.Map;

import io.slaguard.protocol.ProfilerMetrics;
import io.slaguard.testsupport.WorkerTelemetry;

/**
 * Pushes what Lithops-compatible workers push (docs/architecture.md#lifecycle-telemetry,
 * docs/architecture.md#profiler-metrics), in the Prometheus text format.
 */
final class Pushes {
    private final WorkerTelemetry push;

    Pushes(String pushgatewayUrl) {
        this.push = new WorkerTelemetry(pushgatewayUrl);
    }

    void job(String instance, String jobId, String functionName, int totalCalls, int memoryMb) {
        push.job(instance, jobId, functionName, totalCalls, memoryMb);
    }

    /** One lifecycle event of an attempt: {@code function_start}, {@code function_end} or {@code function_cancel}. */
    void event(String instance, String callId, String functionName, int attempt, String metric, double epochSeconds) {
        push.event(instance, callId, functionName, attempt, metric, epochSeconds);
    }

    /** One profiler sample of a call: a parent process and one child, and the host's network. */
    void profile(String instance, String jobId, String executorId, String callId, int parentPid, int childPid) {
        StringBuilder body = new StringBuilder();
        for (String metric : ProfilerMetrics.PER_PROCESS) {
            body.append("# TYPE ").append(metric).append(" gauge\n");
            body.append(series(metric, jobId, executorId, Map.of(ProfilerMetrics.PID, parentPid, ProfilerMetrics.PARENT_PID, 1), 12.5));
            body.append(series(metric, jobId, executorId, Map.of(ProfilerMetrics.PID, childPid, ProfilerMetrics.PARENT_PID, parentPid), 40.0));
        }
        for (String metric : ProfilerMetrics.HOST_WIDE) {
            body.append("# TYPE ").append(metric).append(" gauge\n");
            body.append(series(metric, jobId, executorId, Map.of(), 0.5));
        }
        push.put(ProfilerMetrics.PUSH_JOB, ProfilerMetrics.callGroup(instance, callId), body.toString());
    }

    private static String series(String metric, String jobId, String executorId, Map<String, Integer> pids, double value) {
        StringBuilder labels = new StringBuilder()
                .append(ProfilerMetrics.JOB_ID).append("=\"").append(jobId).append("\",")
                .append(ProfilerMetrics.EXECUTOR_ID).append("=\"").append(executorId).append('"');
        pids.forEach((name, pid) -> labels.append(',').append(name).append("=\"").append(pid).append('"'));
        // the call_id label comes from the grouping key
        return metric + "{" + labels + "} " + WorkerTelemetry.plain(value) + "\n";
    }
}
