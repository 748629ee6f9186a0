package io.slaguard.manager.assessment;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.slaguard.protocol.Telemetry;

/**
 * Which key a violating series stands for (docs/architecture.md#constraints-and-assessment): {@code call_id}, else {@code job_id}, else
 * {@code exported_instance}, else the sorted label set {@code {a="1",b="2"}}; its resource is {@code function_name}
 * or "".
 */
public final class SeriesKeys {
    private SeriesKeys() {
    }

    public static String keyOf(Map<String, String> labels) {
        for (String name : new String[] {Telemetry.CALL_ID, Telemetry.JOB_ID, Telemetry.EXPORTED_INSTANCE}) {
            String value = labels.get(name);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return new TreeMap<>(labels).entrySet().stream()
                .map(e -> e.getKey() + "=\"" + escape(e.getValue()) + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    public static String resourceOf(Map<String, String> labels) {
        return labels.getOrDefault(Telemetry.FUNCTION_NAME, "");
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
