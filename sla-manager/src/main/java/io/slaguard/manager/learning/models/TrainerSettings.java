package io.slaguard.manager.learning.models;

/**
 * How models are trained.
 *
 * @param minSamples       usable samples below which no xgboost model is tried (the empirical quantiles are used)
 * @param rounds           boosting rounds
 * @param maxDepth         depth of each tree
 * @param learningRate     xgboost's eta
 * @param heldOutFraction  share of the samples held out to measure the model against the baseline
 * @param seed             of the held-out split and of xgboost, so a training run can be repeated exactly
 * @param threads          threads xgboost may use (training runs off the assessment thread, and shares the machine)
 */
public record TrainerSettings(int minSamples, int rounds, int maxDepth, double learningRate, double heldOutFraction,
                              long seed, int threads) {
    public TrainerSettings {
        require(minSamples >= 10, "minSamples must be at least 10, got " + minSamples);
        require(rounds >= 1 && rounds <= 10_000, "rounds must be in 1..10000, got " + rounds);
        require(maxDepth >= 1 && maxDepth <= 16, "maxDepth must be in 1..16, got " + maxDepth);
        require(learningRate > 0 && learningRate <= 1, "learningRate must be in (0, 1], got " + learningRate);
        require(heldOutFraction >= 0.05 && heldOutFraction <= 0.5,
                "heldOutFraction must be in [0.05, 0.5], got " + heldOutFraction);
        require(threads >= 1, "threads must be at least 1, got " + threads);
    }

    public static TrainerSettings defaults() {
        return new TrainerSettings(50, 100, 4, 0.1, 0.2, 1, 1);
    }

    public TrainerSettings withMinSamples(int value) {
        return new TrainerSettings(value, rounds, maxDepth, learningRate, heldOutFraction, seed, threads);
    }

    public TrainerSettings withThreads(int value) {
        return new TrainerSettings(minSamples, rounds, maxDepth, learningRate, heldOutFraction, seed, value);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
