package io.slaguard.manager.learning.models;

import java.util.List;

/** A trained duration model of one function. Immutable and safe to use from several threads. */
public interface DurationModel {
    ModelReport report();

    /** Never throws: unknown features are predicted as missing values (xgboost) or ignored (empirical). */
    DurationPrediction predict(CallFeatures features);

    /** {@link #predict} of each, in order; one native call for xgboost, so use it for many calls at once. */
    default List<DurationPrediction> predictAll(List<CallFeatures> features) {
        return features.stream().map(this::predict).toList();
    }

    /** A versioned binary form that {@link DurationModelTrainer#deserialize(byte[])} reads back. */
    byte[] serialize();
}
