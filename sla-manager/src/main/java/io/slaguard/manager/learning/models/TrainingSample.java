package io.slaguard.manager.learning.models;

import java.util.Objects;

/**
 * One finished attempt as training data. A sample whose duration is not a finite non-negative number (of float range,
 * which xgboost trains in) is ignored by training (counted out of {@link ModelReport#samples()}), never an error.
 */
public record TrainingSample(CallFeatures features, double durationSeconds) {
    public TrainingSample {
        features = Objects.requireNonNullElseGet(features, CallFeatures::unknown);
    }

    boolean usable() {
        return Float.isFinite((float) durationSeconds) && durationSeconds >= 0;
    }
}
