package io.slaguard.profiler;

import java.io.IOException;

import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/** Sends one sample to where it is kept (the call's Pushgateway group). */
interface SamplePusher {
    void push(MetricSnapshots sample) throws IOException;
}
