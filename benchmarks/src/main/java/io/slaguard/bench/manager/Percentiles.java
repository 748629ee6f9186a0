package io.slaguard.bench.manager;

import java.util.Collection;
import java.util.Locale;

/** Nearest-rank percentiles of a sample. */
record Percentiles(int n, double p50, double p95, double p99, double max) {
    static Percentiles of(Collection<? extends Number> values) {
        double[] sorted = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Percentiles(sorted.length, rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99),
                sorted[sorted.length - 1]);
    }

    private static double rank(double[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** Values scaled by {@code factor} (e.g. 1e-6 for nanoseconds to milliseconds), formatted with one decimal. */
    String row(double factor) {
        return String.format(Locale.ROOT, "%d | %.1f | %.1f | %.1f | %.1f", n, p50 * factor, p95 * factor,
                p99 * factor, max * factor);
    }
}
