package io.slaguard.manager.learning.models;

/**
 * Predicted duration of a call: the median and the 95th percentile, in seconds ({@code p95Seconds >= p50Seconds >= 0}).
 *
 * @param source       {@link ModelReport#XGBOOST} or {@link ModelReport#EMPIRICAL}: the kind of model that answered
 * @param modelVersion the version the model was trained as
 */
public record DurationPrediction(double p50Seconds, double p95Seconds, String source, long modelVersion) {
}
