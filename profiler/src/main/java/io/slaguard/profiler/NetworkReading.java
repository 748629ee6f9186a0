package io.slaguard.profiler;

/** Host-wide network counters, summed over the interfaces, cumulative bytes. */
record NetworkReading(long bytesReceived, long bytesSent) {
}
