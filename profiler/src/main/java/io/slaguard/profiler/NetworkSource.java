package io.slaguard.profiler;

/** Reads the host's network counters. */
interface NetworkSource {
    NetworkReading read();
}
