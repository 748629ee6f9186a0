package io.slaguard.manager.learning.history;

/**
 * The profiler's summary of an attempt over its run: CPU percent (mean and peak of the call's process tree), peak
 * resident memory MB, disk MB read and written, network MB received and sent (host-wide, as the profiler measures
 * it). Null fields: not profiled.
 */
public record ProfileSummary(Double cpuMeanPercent, Double cpuPeakPercent, Double memoryPeakMb, Double diskMb,
                             Double networkMb) {
    public static final ProfileSummary NONE = new ProfileSummary(null, null, null, null, null);
}
