package io.slaguard.manager.learning.models;

/** A trained duration model of one function. Immutable and safe to use from several threads. */
public interface DurationModel {
    ModelReport report();

    /** Never throws: unknown features are predicted as missing values (xgboost) or ignored (empirical). */
    DurationPrediction predict(CallFeatures features);

    /** A versioned binary form that {@link DurationModelTrainer#deserialize(byte[])} reads back. */
    byte[] serialize();
}
