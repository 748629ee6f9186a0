package io.slaguard.profiler;

/**
 * Raw counters of one process at one instant, as the operating system reports them.
 *
 * @param startId               when the process started, in the OS's own unit: tells a reused pid apart
 * @param ageSeconds            how long the process had been running at this reading
 * @param childrenUserSeconds   CPU seconds of children the process has waited for (0 where the OS gives none)
 * @param bytesRead             bytes read from storage, cumulative
 * @param bytesWritten          bytes written to storage, cumulative
 */
record ProcessReading(long pid, long parentPid, long startId, double ageSeconds, double userSeconds,
                      double systemSeconds, double childrenUserSeconds, double childrenSystemSeconds,
                      long residentBytes, long bytesRead, long bytesWritten) {
}
