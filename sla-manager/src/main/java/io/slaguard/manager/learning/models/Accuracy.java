package io.slaguard.manager.learning.models;

/** How predictions did against actual durations: the p50's mean absolute error and the share covered by the p95. */
record Accuracy(double mae, double p95Coverage) {
    static final Accuracy UNMEASURED = new Accuracy(Double.NaN, Double.NaN);

    static Accuracy of(double[] actual, double[] p50, double[] p95) {
        if (actual.length == 0) {
            return UNMEASURED;
        }
        double absoluteErrors = 0;
        int covered = 0;
        for (int i = 0; i < actual.length; i++) {
            absoluteErrors += Math.abs(actual[i] - p50[i]);
            covered += actual[i] <= p95[i] ? 1 : 0;
        }
        return new Accuracy(absoluteErrors / actual.length, (double) covered / actual.length);
    }

    boolean measured() {
        return !Double.isNaN(mae);
    }
}
