package io.slaguard.manager.learning.models;

import java.util.Arrays;

/** Sample quantiles by linear interpolation between order statistics (the common "type 7" definition). */
final class Quantiles {
    private Quantiles() {
    }

    static double of(double[] values, double q) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no value to take a quantile of");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    /** The split-conformal quantile: the ceil((n+1)q)-th smallest value, the largest when that exceeds n. */
    static double conformal(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil((sorted.length + 1) * q);
        return sorted[Math.min(rank, sorted.length) - 1];
    }

    static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }
}
