package io.slaguard.profiler;

import java.util.List;

/** One sample of a call: every process of the tree in that round, and the host's network. */
record Sample(List<ProcessSample> processes, NetworkSample network) {
    Sample {
        processes = List.copyOf(processes);
    }
}
