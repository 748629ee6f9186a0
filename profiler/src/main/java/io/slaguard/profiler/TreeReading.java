package io.slaguard.profiler;

import java.util.List;

/**
 * One round of readings: a call's process tree (root first) and the host's network.
 *
 * @param monotonicNanos {@link System#nanoTime()} of the round, for intervals
 */
record TreeReading(long monotonicNanos, List<ProcessReading> processes, NetworkReading network) {
    TreeReading {
        processes = List.copyOf(processes);
    }
}
