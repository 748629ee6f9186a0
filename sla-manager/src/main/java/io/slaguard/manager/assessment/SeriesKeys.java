package io.slaguard.manager.assessment;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.slaguard.manager.assessment.MetricsSource.Sample;
import io.slaguard.protocol.Telemetry;

/**
 * Which key a violating series stands for (docs/architecture.md#constraints-and-assessment): {@code call_id}, else {@code job_id}, else
 * {@code exported_instance}, else the sorted label set {@code {a="1",b="2"}}; its resource is {@code function_name}
 * or "".
 */
public final class SeriesKeys {
    private static final Comparator<Sample> GREATER_VALUE = Comparator
            .comparing((Sample s) -> !Double.isNaN(s.value()))
            .thenComparingDouble(Sample::value);

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

    /**
     * The violating series by key, keys in order: one per key, the one with the greatest value (a number beats
     * NaN), since several series may share a key (the processes of one call, two running attempts of one call).
     */
    static Map<String, Sample> violatingByKey(List<Sample> samples) {
        Map<String, Sample> byKey = new TreeMap<>();
        for (Sample sample : samples) {
            byKey.merge(keyOf(sample.labels()), sample, (a, b) -> GREATER_VALUE.compare(b, a) > 0 ? b : a);
        }
        return byKey;
    }

    public static String resourceOf(Map<String, String> labels) {
        return labels.getOrDefault(Telemetry.FUNCTION_NAME, "");
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
