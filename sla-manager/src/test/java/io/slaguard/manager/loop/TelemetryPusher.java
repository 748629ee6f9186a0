package io.slaguard.manager.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Lifecycle telemetry pushed the way workers push it (docs/architecture.md#lifecycle-telemetry), for driving the loop in tests. */
final class TelemetryPusher {
    private static final OkHttpClient HTTP = new OkHttpClient();
    private static final MediaType TEXT = MediaType.get("text/plain; version=0.0.4");

    private final String pushgatewayUrl;

    TelemetryPusher(String pushgatewayUrl) {
        this.pushgatewayUrl = pushgatewayUrl;
    }

    static String newInstance() {
        return String.format("%06x", ThreadLocalRandom.current().nextInt(0x1000000));
    }

    void job(String instance, String jobId, int calls, int memoryMb) {
        push(io.slaguard.protocol.Telemetry.jobGroup(instance, jobId, "fn"),
                "# TYPE job_total_calls counter\njob_total_calls " + calls + "\n"
                        + "# TYPE job_runtime_memory counter\njob_runtime_memory " + memoryMb + "\n");
    }

    void call(String instance, String jobId, String callId, double start, Double end) {
        String body = "# TYPE function_start gauge\nfunction_start " + start + "\n";
        if (end != null) {
            body += "# TYPE function_end gauge\nfunction_end " + end + "\n";
        }
        push(io.slaguard.protocol.Telemetry.callGroup(instance, jobId, callId, "fn", 0), body);
    }

    private void push(Map<String, String> group, String body) {
        String path = io.slaguard.protocol.Telemetry.groupPath(io.slaguard.protocol.Telemetry.PUSH_JOB, group);
        Request request = new Request.Builder().url(pushgatewayUrl + path).post(RequestBody.create(body, TEXT)).build();
        try (Response r = HTTP.newCall(request).execute()) {
            if (!r.isSuccessful()) {
                throw new IllegalStateException("push to " + path + " failed: " + r.code() + " " + r.body().string());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
