package io.slaguard.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Profiler metrics, compatible with the Lithops profiler (docs/architecture.md#profiler-metrics). All TYPE gauge. */
public final class ProfilerMetrics {
    private ProfilerMetrics() {
    }

    public static final String PUSH_JOB = "lithops_profiler";

    // per process (labels job_id, executor_id, call_id, pid, parent_pid)
    public static final String CPU_USAGE = "cpu_usage";
    public static final String USER_TIME = "user_time";
    public static final String SYSTEM_TIME = "system_time";
    public static final String CHILDREN_USER_TIME = "children_user_time";
    public static final String CHILDREN_SYSTEM_TIME = "children_system_time";
    public static final String MEMORY_USAGE = "memory_usage";
    public static final String DISK_READ_MB = "disk_read_mb";
    public static final String DISK_WRITE_MB = "disk_write_mb";
    public static final String DISK_READ_RATE = "disk_read_rate";
    public static final String DISK_WRITE_RATE = "disk_write_rate";

    // host-wide (labels job_id, executor_id, call_id; no pid)
    public static final String NET_READ_MB = "net_read_mb";
    public static final String NET_WRITE_MB = "net_write_mb";
    public static final String NET_READ_RATE = "net_read_rate";
    public static final String NET_WRITE_RATE = "net_write_rate";

    public static final List<String> PER_PROCESS = List.of(CPU_USAGE, USER_TIME, SYSTEM_TIME, CHILDREN_USER_TIME,
            CHILDREN_SYSTEM_TIME, MEMORY_USAGE, DISK_READ_MB, DISK_WRITE_MB, DISK_READ_RATE, DISK_WRITE_RATE);
    public static final List<String> HOST_WIDE = List.of(NET_READ_MB, NET_WRITE_MB, NET_READ_RATE, NET_WRITE_RATE);

    /**
     * TYPE counter, in the profiling process's own registry (never pushed): samples that never reached the
     * Pushgateway (queue full, or every push attempt failed).
     */
    public static final String DROPPED_SAMPLES = "sla_profiler_dropped_samples_total";

    public static final String JOB_ID = Telemetry.JOB_ID;
    public static final String EXECUTOR_ID = Telemetry.EXECUTOR_ID;
    public static final String CALL_ID = Telemetry.CALL_ID;
    public static final String PID = "pid";
    public static final String PARENT_PID = "parent_pid";

    /** Grouping key of a call's profiler group (after {@code job=lithops_profiler}). */
    public static Map<String, String> callGroup(String instance, String callId) {
        Map<String, String> key = new LinkedHashMap<>();
        key.put(Telemetry.INSTANCE, instance);
        key.put(CALL_ID, callId);
        return key;
    }
}
