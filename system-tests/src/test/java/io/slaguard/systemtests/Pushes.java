package io.slaguard.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.slaguard.protocol.ProfilerMetrics;
import io.slaguard.protocol.Telemetry;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Pushes what Lithops-compatible workers push (docs/architecture.md#lifecycle-telemetry,
 * docs/architecture.md#profiler-metrics), in the Prometheus text format.
 */
final class Pushes {
    private static final MediaType TEXT = MediaType.get("text/plain; version=0.0.4");
    private static final OkHttpClient HTTP = new OkHttpClient();

    private final String pushgatewayUrl;

    Pushes(String pushgatewayUrl) {
        this.pushgatewayUrl = pushgatewayUrl;
    }

    void job(String instance, String jobId, String functionName, int totalCalls, int memoryMb) {
        post(Telemetry.groupPath(Telemetry.PUSH_JOB, Telemetry.jobGroup(instance, jobId, functionName)),
                "# TYPE " + Telemetry.JOB_TOTAL_CALLS + " counter\n" + Telemetry.JOB_TOTAL_CALLS + " " + totalCalls + "\n"
                        + "# TYPE " + Telemetry.JOB_RUNTIME_MEMORY + " counter\n" + Telemetry.JOB_RUNTIME_MEMORY + " " + memoryMb + "\n");
    }

    /** One lifecycle event of an attempt: {@code function_start}, {@code function_end} or {@code function_cancel}. */
    void event(String instance, String jobId, String callId, String functionName, int attempt, String metric, double epochSeconds) {
        post(Telemetry.groupPath(Telemetry.PUSH_JOB, Telemetry.callGroup(instance, jobId, callId, functionName, attempt)),
                "# TYPE " + metric + " gauge\n" + metric + " " + epochSeconds + "\n");
    }

    /** One profiler sample of a call: a parent process and one child, and the host's network. */
    void profile(String instance, String jobId, String executorId, String callId, int parentPid, int childPid) {
        StringBuilder body = new StringBuilder();
        for (String metric : ProfilerMetrics.PER_PROCESS) {
            body.append("# TYPE ").append(metric).append(" gauge\n");
            body.append(series(metric, jobId, executorId, callId, Map.of(ProfilerMetrics.PID, parentPid, ProfilerMetrics.PARENT_PID, 1), 12.5));
            body.append(series(metric, jobId, executorId, callId, Map.of(ProfilerMetrics.PID, childPid, ProfilerMetrics.PARENT_PID, parentPid), 40.0));
        }
        for (String metric : ProfilerMetrics.HOST_WIDE) {
            body.append("# TYPE ").append(metric).append(" gauge\n");
            body.append(series(metric, jobId, executorId, callId, Map.of(), 0.5));
        }
        put(Telemetry.groupPath(ProfilerMetrics.PUSH_JOB, ProfilerMetrics.callGroup(instance, callId)), body.toString());
    }

    private static String series(String metric, String jobId, String executorId, String callId, Map<String, Integer> pids,
                                 double value) {
        StringBuilder labels = new StringBuilder()
                .append(ProfilerMetrics.JOB_ID).append("=\"").append(jobId).append("\",")
                .append(ProfilerMetrics.EXECUTOR_ID).append("=\"").append(executorId).append('"');
        pids.forEach((name, pid) -> labels.append(',').append(name).append("=\"").append(pid).append('"'));
        // the call_id label comes from the grouping key
        return metric + "{" + labels + "} " + value + "\n";
    }

    private void post(String path, String body) {
        send(new Request.Builder().url(pushgatewayUrl + path).post(RequestBody.create(body, TEXT)).build());
    }

    private void put(String path, String body) {
        send(new Request.Builder().url(pushgatewayUrl + path).put(RequestBody.create(body, TEXT)).build());
    }

    private static void send(Request request) {
        try (Response response = HTTP.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw new IllegalStateException(request.method() + " " + request.url() + " → " + response.code() + " "
                        + response.body().string());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
