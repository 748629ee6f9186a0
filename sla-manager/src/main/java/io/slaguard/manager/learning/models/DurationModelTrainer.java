package io.slaguard.manager.learning.models;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;

import ml.dmlc.xgboost4j.java.Booster;

/**
 * Trains a function's duration model. The usable samples are shuffled (with the settings' seed) and split: a share
 * is held out and only ever used to measure; the rest trains. The baseline is the training samples' mean duration.
 * An xgboost model is tried when there are enough training samples and some feature varies among them; it is
 * returned only when its held-out MAE is strictly lower than the baseline's. Otherwise the training samples'
 * empirical quantiles are returned, served when their own held-out MAE is not worse than the baseline's.
 * Training is CPU work of up to seconds: call it off any latency-sensitive thread.
 */
public final class DurationModelTrainer {
    /** Share of the xgboost training samples kept aside to calibrate its p95. */
    private static final double CALIBRATION_FRACTION = 0.2;

    private final TrainerSettings settings;

    public DurationModelTrainer(TrainerSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * @throws IllegalArgumentException when no sample has a usable duration (there is nothing to predict from)
     */
    public DurationModel train(String functionName, List<TrainingSample> samples, long version, Instant now) {
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(now, "now");
        List<TrainingSample> usable = new ArrayList<>();
        for (TrainingSample sample : Objects.requireNonNull(samples, "samples")) {
            if (sample != null && sample.usable()) {
                usable.add(sample);
            }
        }
        if (usable.isEmpty()) {
            throw new IllegalArgumentException("no finished attempt of '" + functionName
                    + "' has a usable duration (of " + samples.size() + " samples)");
        }
        Random random = new Random(settings.seed());
        Collections.shuffle(usable, random);
        int heldOutCount = usable.size() < 2 ? 0
                : Math.max(1, (int) Math.round(usable.size() * settings.heldOutFraction()));
        List<TrainingSample> heldOut = usable.subList(0, heldOutCount);
        List<TrainingSample> training = usable.subList(heldOutCount, usable.size());
        double[] actual = durations(heldOut);

        double mean = Quantiles.mean(durations(training));
        double baselineMae = Accuracy.of(actual, filled(actual.length, mean), filled(actual.length, mean)).mae();
        Header header = new Header(functionName, version, now, usable.size(), baselineMae);

        String whyEmpirical = whyNoXgboost(training);
        if (whyEmpirical == null) {
            try {
                Candidate candidate = xgboost(training, heldOut, actual);
                if (candidate.accuracy.mae() < baselineMae) {
                    return XgboostDurationModel.of(header.report(ModelReport.XGBOOST, CallFeatures.NAMES,
                            candidate.accuracy, true, String.format(Locale.ROOT,
                                    "xgboost's held-out MAE %.3f s beats the mean duration's %.3f s",
                                    candidate.accuracy.mae(), baselineMae)),
                            candidate.booster, candidate.p95Factor);
                }
                whyEmpirical = String.format(Locale.ROOT,
                        "xgboost's held-out MAE %.3f s does not beat the mean duration's %.3f s",
                        candidate.accuracy.mae(), baselineMae);
            } catch (LinkageError e) {
                whyEmpirical = "xgboost's native library does not load here (" + e + ")";
            }
        }
        return empirical(header, training, actual, whyEmpirical);
    }

    /** Reads what {@link DurationModel#serialize()} wrote, of this format version. */
    public DurationModel deserialize(byte[] bytes) {
        return ModelCodec.read(bytes);
    }

    private Candidate xgboost(List<TrainingSample> training, List<TrainingSample> heldOut, double[] actual) {
        int calibrationCount = Math.max(1, (int) Math.round(training.size() * CALIBRATION_FRACTION));
        List<TrainingSample> calibration = training.subList(0, calibrationCount);
        List<TrainingSample> fitting = training.subList(calibrationCount, training.size());
        Booster booster = XgboostDurationModel.fit(fitting, settings);
        double[][] uncalibrated = XgboostDurationModel.predict(booster, calibration, 1);
        double[] shortfalls = durations(calibration);
        for (int i = 0; i < shortfalls.length; i++) {
            shortfalls[i] = XgboostDurationModel.p95Shortfall(shortfalls[i], uncalibrated[1][i]);
        }
        double p95Factor = Quantiles.conformal(shortfalls, 0.95);
        double[][] predicted = XgboostDurationModel.predict(booster, heldOut, p95Factor);
        return new Candidate(booster, p95Factor, Accuracy.of(actual, predicted[0], predicted[1]));
    }

    private static DurationModel empirical(Header header, List<TrainingSample> training, double[] actual,
                                           String whyEmpirical) {
        double[] quantiles = EmpiricalDurationModel.quantiles(durations(training));
        Accuracy accuracy = Accuracy.of(actual, filled(actual.length, quantiles[0]),
                filled(actual.length, quantiles[1]));
        boolean served = accuracy.measured() && accuracy.mae() <= header.baselineMae;
        String verdict = !accuracy.measured() ? "not served: no sample could be held out to measure it"
                : served ? "the empirical quantiles are served"
                : String.format(Locale.ROOT, "not served: the empirical median's held-out MAE %.3f s is worse "
                        + "than the mean duration's %.3f s", accuracy.mae(), header.baselineMae);
        return new EmpiricalDurationModel(header.report(ModelReport.EMPIRICAL, List.of(), accuracy, served,
                whyEmpirical + "; " + verdict), quantiles[0], quantiles[1]);
    }

    /** Why no xgboost model is tried, or null when one is. */
    private String whyNoXgboost(List<TrainingSample> training) {
        if (training.size() < settings.minSamples()) {
            return String.format(Locale.ROOT, "%d training samples, fewer than the %d an xgboost model needs",
                    training.size(), settings.minSamples());
        }
        return anyFeatureVaries(training) ? null : "no feature varies among the training samples";
    }

    private static boolean anyFeatureVaries(List<TrainingSample> samples) {
        for (int feature = 0; feature < CallFeatures.NAMES.size(); feature++) {
            double seen = Double.NaN;
            for (TrainingSample sample : samples) {
                double value = sample.features().values()[feature];
                if (Double.isNaN(value)) {
                    continue;
                }
                if (Double.isNaN(seen)) {
                    seen = value;
                } else if (value != seen) {
                    return true;
                }
            }
        }
        return false;
    }

    private static double[] durations(List<TrainingSample> samples) {
        return samples.stream().mapToDouble(TrainingSample::durationSeconds).toArray();
    }

    private static double[] filled(int length, double value) {
        double[] values = new double[length];
        Arrays.fill(values, value);
        return values;
    }

    private record Candidate(Booster booster, double p95Factor, Accuracy accuracy) {
    }

    private record Header(String functionName, long version, Instant trainedAt, int samples, double baselineMae) {
        ModelReport report(String kind, List<String> features, Accuracy accuracy, boolean served, String reason) {
            return new ModelReport(functionName, version, trainedAt, samples, features, kind, accuracy.mae(),
                    baselineMae, accuracy.p95Coverage(), served, reason);
        }
    }
}
