package io.slaguard.profiler;

import java.util.List;

/**
 * One round of readings: a call's process tree (root first) and the host's network.
 *
 * @param epochMillis    wall clock of the round, to compare with process start times
 * @param monotonicNanos {@link System#nanoTime()} of the round, for intervals
 */
record TreeReading(long epochMillis, long monotonicNanos, List<ProcessReading> processes, NetworkReading network) {
    TreeReading {
        processes = List.copyOf(processes);
    }
}
