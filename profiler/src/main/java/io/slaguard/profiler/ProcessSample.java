package io.slaguard.profiler;

/** One process's metrics in one sample, in the units the Lithops profiler pushes. */
record ProcessSample(long pid, long parentPid, double cpuPercent, double userSeconds, double systemSeconds,
                     double childrenUserSeconds, double childrenSystemSeconds, double memoryMb, double readMb,
                     double writtenMb, double readMbPerSecond, double writtenMbPerSecond) {

    /** CPU seconds of this process and of the children it has reaped. */
    double cpuSeconds() {
        return userSeconds + systemSeconds + childrenUserSeconds + childrenSystemSeconds;
    }
}
