package io.slaguard.profiler;

/** The host's network in one sample: cumulative MB and MB/s over the last interval. */
record NetworkSample(double readMb, double writtenMb, double readMbPerSecond, double writtenMbPerSecond) {
}
