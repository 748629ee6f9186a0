package io.slaguard.profiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.slaguard.protocol.ProfilerMetrics;

class SampleEncoderTest {
    private final CallLabels call = CallLabels.of("58d244-0-M001-00003");

    @Test
    void everyMetricIsAGaugeWithOneSeriesPerProcessAndHostNetworkWithoutPid() {
        Sample sample = new Sample(List.of(
                new ProcessSample(100, 1, 150, 3, 1, 0.5, 0.25, 64, 2, 20, 0.5, 10),
                new ProcessSample(101, 100, 99, 1, 0, 0, 0, 8, 0, 0, 0, 0)),
                new NetworkSample(1, 2, 0.1, 0.2));

        MetricSnapshots metrics = new SampleEncoder(call).encode(sample);

        assertThat(metrics.stream().map(m -> m.getMetadata().getName()))
                .containsExactlyInAnyOrderElementsOf(concat(ProfilerMetrics.PER_PROCESS, ProfilerMetrics.HOST_WIDE));
        assertThat(metrics).allMatch(GaugeSnapshot.class::isInstance);
        GaugeSnapshot cpu = gauge(metrics, ProfilerMetrics.CPU_USAGE);
        assertThat(cpu.getDataPoints()).hasSize(2);
        assertThat(labels(cpu.getDataPoints().get(0).getLabels())).isEqualTo(Map.of(
                "job_id", "58d244-0-M001", "executor_id", "58d244-0", "call_id", "58d244-0-M001-00003",
                "pid", "100", "parent_pid", "1"));
        assertThat(cpu.getDataPoints().get(0).getValue()).isEqualTo(150);
        assertThat(gauge(metrics, ProfilerMetrics.DISK_WRITE_MB).getDataPoints().get(0).getValue()).isEqualTo(20);
        assertThat(gauge(metrics, ProfilerMetrics.MEMORY_USAGE).getDataPoints().get(1).getValue()).isEqualTo(8);

        GaugeSnapshot netRead = gauge(metrics, ProfilerMetrics.NET_READ_MB);
        assertThat(netRead.getDataPoints()).hasSize(1);
        assertThat(labels(netRead.getDataPoints().get(0).getLabels())).doesNotContainKeys("pid", "parent_pid");
        assertThat(netRead.getMetadata().getHelp()).contains("host-wide");
    }

    private static GaugeSnapshot gauge(MetricSnapshots metrics, String name) {
        return (GaugeSnapshot) metrics.stream().filter(m -> m.getMetadata().getName().equals(name)).findFirst()
                .map(MetricSnapshot.class::cast).orElseThrow();
    }

    private static Map<String, String> labels(Labels labels) {
        Map<String, String> map = new TreeMap<>();
        labels.forEach(label -> map.put(label.getName(), label.getValue()));
        return map;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
