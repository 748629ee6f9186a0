package io.slaguard.manager.learning.models;

import java.time.Instant;
import java.util.List;

/**
 * What a trained model is and how well it did, measured on samples held out of its training.
 *
 * @param samples     training samples with a usable duration (training and held-out together)
 * @param features    the features the model reads ({@link CallFeatures#NAMES} for xgboost, none for empirical)
 * @param kind        {@link #XGBOOST} (gradient-boosted quantile regression) or {@link #EMPIRICAL} (the
 *                    function's own quantiles, whatever the features)
 * @param heldOutMae  this model's mean absolute error of its p50 on the held-out samples, seconds; NaN when no
 *                    sample could be held out
 * @param baselineMae the mean absolute error, on the same held-out samples, of the function's mean duration
 *                    over the training samples (the rule a learned model must beat)
 * @param p95Coverage the fraction of held-out durations at or under this model's p95; NaN when none was held out
 * @param served      whether the predictions may be used in place of the baseline: measured on held-out samples
 *                    and not worse than the baseline (an xgboost model is only ever returned when strictly better)
 * @param reason      one sentence on why this kind was chosen, with the rejected model's figures when one was
 */
public record ModelReport(String functionName, long version, Instant trainedAt, int samples, List<String> features,
                          String kind, double heldOutMae, double baselineMae, double p95Coverage, boolean served,
                          String reason) {
    public static final String XGBOOST = "xgboost";
    public static final String EMPIRICAL = "empirical";

    public ModelReport {
        features = List.copyOf(features);
    }
}
