package io.slaguard.profiler;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns successive rounds of raw counters into samples: cumulative values in MB and seconds, and rates over the
 * interval since the previous round. A process seen for the first time is measured since its own start, so a
 * child born between two rounds still gets a meaningful rate. Not thread-safe: one per call.
 */
final class SampleCalculator {
    static final double BYTES_PER_MB = 1024.0 * 1024.0;
    /** Shortest interval divided by, so a process started a moment ago does not produce huge rates. */
    private static final double MIN_SECONDS = 0.01;

    private Map<Long, ProcessReading> previousProcesses = Map.of();
    private TreeReading previous;

    Sample next(TreeReading round) {
        Map<Long, ProcessReading> seen = new HashMap<>();
        List<ProcessSample> processes = round.processes().stream().map(current -> {
            seen.put(current.pid(), current);
            return processSample(round, current, previousProcesses.get(current.pid()));
        }).toList();
        NetworkSample network = networkSample(round);
        previousProcesses = seen;
        previous = round;
        return new Sample(processes, network);
    }

    private ProcessSample processSample(TreeReading round, ProcessReading current, ProcessReading before) {
        boolean sameProcess = before != null && before.startId() == current.startId();
        double seconds;
        double cpuBefore = 0;
        long readBefore = 0;
        long writtenBefore = 0;
        if (sameProcess) {
            seconds = (round.monotonicNanos() - previous.monotonicNanos()) / 1e9;
            cpuBefore = before.userSeconds() + before.systemSeconds();
            readBefore = before.bytesRead();
            writtenBefore = before.bytesWritten();
        } else {
            seconds = current.ageSeconds();
        }
        seconds = Math.max(MIN_SECONDS, seconds);
        double cpu = current.userSeconds() + current.systemSeconds();
        return new ProcessSample(current.pid(), current.parentPid(),
                nonNegative(cpu - cpuBefore) / seconds * 100.0,
                current.userSeconds(), current.systemSeconds(),
                current.childrenUserSeconds(), current.childrenSystemSeconds(),
                current.residentBytes() / BYTES_PER_MB,
                current.bytesRead() / BYTES_PER_MB, current.bytesWritten() / BYTES_PER_MB,
                nonNegative(current.bytesRead() - readBefore) / BYTES_PER_MB / seconds,
                nonNegative(current.bytesWritten() - writtenBefore) / BYTES_PER_MB / seconds);
    }

    private NetworkSample networkSample(TreeReading round) {
        NetworkReading now = round.network();
        double readRate = 0;
        double writeRate = 0;
        if (previous != null) {
            double seconds = Math.max(MIN_SECONDS, (round.monotonicNanos() - previous.monotonicNanos()) / 1e9);
            readRate = nonNegative(now.bytesReceived() - previous.network().bytesReceived()) / BYTES_PER_MB / seconds;
            writeRate = nonNegative(now.bytesSent() - previous.network().bytesSent()) / BYTES_PER_MB / seconds;
        }
        return new NetworkSample(now.bytesReceived() / BYTES_PER_MB, now.bytesSent() / BYTES_PER_MB, readRate, writeRate);
    }

    // counters only go down when an interface or process was replaced: no negative rates
    private static double nonNegative(double delta) {
        return Math.max(0, delta);
    }
}
