package io.slaguard.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lifecycle telemetry that workers push to the Pushgateway, Lithops-compatible (docs/architecture.md#lifecycle-telemetry).
 * Grouping keys are ordered as Lithops writes its paths.
 */
public final class Telemetry {
    private Telemetry() {
    }

    /** The Pushgateway {@code job} of lifecycle groups. */
    public static final String PUSH_JOB = "lithops";

    // metric names and their TYPEs: a TYPE that differs from another group's makes the Pushgateway reject the push
    /** TYPE counter: number of calls of the job. */
    public static final String JOB_TOTAL_CALLS = "job_total_calls";
    /** TYPE counter: memory of each call of the job, MB. */
    public static final String JOB_RUNTIME_MEMORY = "job_runtime_memory";
    /** TYPE gauge: epoch seconds when the attempt began running user code. */
    public static final String FUNCTION_START = "function_start";
    /** TYPE gauge: epoch seconds when the attempt finished, success or error. */
    public static final String FUNCTION_END = "function_end";
    /** TYPE gauge: epoch seconds when remediation stopped the attempt. */
    public static final String FUNCTION_CANCEL = "function_cancel";
    /**
     * TYPE gauge, optional: size in bytes of the attempt's input where the executor knows it (an input naming a file,
     * or a size its caller gave), pushed with {@link #FUNCTION_START} in the same request. Lithops pushes none.
     */
    public static final String FUNCTION_INPUT_BYTES = "function_input_bytes";

    // label names (grouping key parts)
    public static final String INSTANCE = "instance";
    public static final String JOB_ID = "job_id";
    public static final String CALL_ID = "call_id";
    public static final String FUNCTION_NAME = "function_name";
    public static final String ATTEMPT = "attempt";
    public static final String EXECUTOR_ID = "executor_id";

    /** What {@code instance} and {@code job} become once Prometheus scrapes the Pushgateway with honor_labels false. */
    public static final String EXPORTED_INSTANCE = "exported_instance";
    public static final String EXPORTED_JOB = "exported_job";

    /** Grouping key of a job group (after {@code job=lithops}). */
    public static Map<String, String> jobGroup(String instance, String jobId, String functionName) {
        Map<String, String> key = new LinkedHashMap<>();
        key.put(INSTANCE, instance);
        key.put(JOB_ID, jobId);
        key.put(FUNCTION_NAME, functionName);
        return key;
    }

    /** Grouping key of a call attempt's group; attempt 0 has no attempt part, exactly as Lithops pushes. */
    public static Map<String, String> callGroup(String instance, String jobId, String callId, String functionName,
                                                int attempt) {
        Map<String, String> key = new LinkedHashMap<>();
        key.put(INSTANCE, instance);
        key.put(JOB_ID, jobId);
        key.put(CALL_ID, callId);
        key.put(FUNCTION_NAME, functionName);
        if (attempt > 0) {
            key.put(ATTEMPT, Integer.toString(attempt));
        }
        return key;
    }

    /** The URL path of a group: {@code /metrics/job/<job>/<label>/<value>…}. */
    public static String groupPath(String job, Map<String, String> groupingKey) {
        StringBuilder path = new StringBuilder("/metrics/job/").append(encodePathValue(job));
        groupingKey.forEach((name, value) -> path.append('/').append(name).append('/').append(encodePathValue(value)));
        return path.toString();
    }

    private static String encodePathValue(String value) {
        // the Pushgateway's base64 form for values a path cannot hold ("/" or empty)
        if (value.isEmpty() || value.contains("/")) {
            throw new IllegalArgumentException("grouping value cannot be used in a path: '" + value + "'");
        }
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
