package io.slaguard.profiler;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.slaguard.protocol.ProfilerMetrics;

/** Writes a sample as the Lithops profiler's gauges: one series per process and metric, plus the host's network. */
final class SampleEncoder {
    private record Gauge<T>(String name, String help, ToDoubleFunction<T> value) {
    }

    private static final List<Gauge<ProcessSample>> PER_PROCESS = List.of(
            new Gauge<>(ProfilerMetrics.CPU_USAGE, "CPU use of the process over the last interval, percent of one core (may exceed 100)",
                    ProcessSample::cpuPercent),
            new Gauge<>(ProfilerMetrics.USER_TIME, "User CPU seconds of the process, cumulative", ProcessSample::userSeconds),
            new Gauge<>(ProfilerMetrics.SYSTEM_TIME, "System CPU seconds of the process, cumulative", ProcessSample::systemSeconds),
            new Gauge<>(ProfilerMetrics.CHILDREN_USER_TIME, "User CPU seconds of the children the process has reaped (0 where the OS gives none)",
                    ProcessSample::childrenUserSeconds),
            new Gauge<>(ProfilerMetrics.CHILDREN_SYSTEM_TIME, "System CPU seconds of the children the process has reaped (0 where the OS gives none)",
                    ProcessSample::childrenSystemSeconds),
            new Gauge<>(ProfilerMetrics.MEMORY_USAGE, "Resident set of the process, MB", ProcessSample::memoryMb),
            new Gauge<>(ProfilerMetrics.DISK_READ_MB, "MB the process read from storage (reaped children included), cumulative",
                    ProcessSample::readMb),
            new Gauge<>(ProfilerMetrics.DISK_WRITE_MB, "MB the process wrote to storage (reaped children included), cumulative",
                    ProcessSample::writtenMb),
            new Gauge<>(ProfilerMetrics.DISK_READ_RATE, "MB/s the process read from storage over the last interval",
                    ProcessSample::readMbPerSecond),
            new Gauge<>(ProfilerMetrics.DISK_WRITE_RATE, "MB/s the process wrote to storage over the last interval",
                    ProcessSample::writtenMbPerSecond));

    private static final List<Gauge<NetworkSample>> HOST_WIDE = List.of(
            new Gauge<>(ProfilerMetrics.NET_READ_MB, "MB received by the host, all non-loopback interfaces, cumulative (host-wide, not per call)",
                    NetworkSample::readMb),
            new Gauge<>(ProfilerMetrics.NET_WRITE_MB, "MB sent by the host, all non-loopback interfaces, cumulative (host-wide, not per call)",
                    NetworkSample::writtenMb),
            new Gauge<>(ProfilerMetrics.NET_READ_RATE, "MB/s received by the host over the last interval (host-wide, not per call)",
                    NetworkSample::readMbPerSecond),
            new Gauge<>(ProfilerMetrics.NET_WRITE_RATE, "MB/s sent by the host over the last interval (host-wide, not per call)",
                    NetworkSample::writtenMbPerSecond));

    private final Labels callLabels;

    SampleEncoder(CallLabels call) {
        this.callLabels = Labels.of(ProfilerMetrics.JOB_ID, call.jobId(), ProfilerMetrics.EXECUTOR_ID, call.executorId(),
                ProfilerMetrics.CALL_ID, call.callId());
    }

    MetricSnapshots encode(Sample sample) {
        List<MetricSnapshot> metrics = new ArrayList<>(PER_PROCESS.size() + HOST_WIDE.size());
        List<Labels> processLabels = sample.processes().stream()
                .map(p -> callLabels.add(ProfilerMetrics.PID, Long.toString(p.pid()))
                        .add(ProfilerMetrics.PARENT_PID, Long.toString(p.parentPid())))
                .toList();
        for (Gauge<ProcessSample> gauge : PER_PROCESS) {
            GaugeSnapshot.Builder snapshot = GaugeSnapshot.builder().name(gauge.name()).help(gauge.help());
            for (int i = 0; i < processLabels.size(); i++) {
                snapshot.dataPoint(point(processLabels.get(i), gauge.value().applyAsDouble(sample.processes().get(i))));
            }
            metrics.add(snapshot.build());
        }
        for (Gauge<NetworkSample> gauge : HOST_WIDE) {
            metrics.add(GaugeSnapshot.builder().name(gauge.name()).help(gauge.help())
                    .dataPoint(point(callLabels, gauge.value().applyAsDouble(sample.network()))).build());
        }
        return new MetricSnapshots(metrics);
    }

    private static GaugeDataPointSnapshot point(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }
}
