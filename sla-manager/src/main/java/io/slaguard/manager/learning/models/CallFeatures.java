package io.slaguard.manager.learning.models;

import java.util.List;

/**
 * What is known about a call before or while it runs. {@link Double#NaN} means unknown; a negative or infinite value
 * (a bad reading) is treated as unknown too, so building features from any input never throws.
 */
public record CallFeatures(double memoryMb, double inputBytes, double jobTotalCalls) {
    /** Feature names, in the order {@link #values()} gives them. */
    public static final List<String> NAMES = List.of("memory_mb", "input_bytes", "job_total_calls");

    public CallFeatures {
        memoryMb = knownOrNaN(memoryMb);
        inputBytes = knownOrNaN(inputBytes);
        jobTotalCalls = knownOrNaN(jobTotalCalls);
    }

    /** Nothing known. */
    public static CallFeatures unknown() {
        return new CallFeatures(Double.NaN, Double.NaN, Double.NaN);
    }

    /** The values in the order of {@link #NAMES}, NaN where unknown. */
    public double[] values() {
        return new double[] {memoryMb, inputBytes, jobTotalCalls};
    }

    private static double knownOrNaN(double value) {
        return Double.isFinite(value) && value >= 0 ? value : Double.NaN;
    }
}
