package io.slaguard.manager.learning.training;

/**
 * @param retrainAfter attempts of a function that must have ended since its newest model before it is retrained
 * @param maxSamples   newest ended attempts a training uses at most
 * @param keepVersions stored versions kept per function (the served one is always kept)
 */
public record TrainingSettings(int retrainAfter, int maxSamples, int keepVersions) {
    public TrainingSettings {
        if (retrainAfter < 1 || maxSamples < 1 || keepVersions < 1) {
            throw new IllegalArgumentException("retrain-after, max-samples and keep-versions must be at least 1");
        }
    }
}
