package io.slaguard.executor.api;

/** What the profiler measured over one attempt's process tree. */
public record AttemptProfile(double peakMemoryMb, double cpuSeconds, double readMb, double writtenMb, long samples,
                             long droppedSamples) {
}
