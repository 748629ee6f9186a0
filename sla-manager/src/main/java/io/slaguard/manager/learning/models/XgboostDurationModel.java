package io.slaguard.manager.learning.models;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Gradient-boosted trees fitted to the 0.5 and 0.95 quantiles of the duration at once ({@code reg:quantileerror}),
 * missing features following each split's learnt default branch. They are fitted to the logarithm of the duration
 * (quantiles survive a monotone transform): a call's duration varies by a factor (machine load, data skew) rather
 * than by a fixed number of seconds, so the log scale makes one tree fit short and long calls alike. The p95 carries
 * a factor measured on calibration samples the trees did not see (split-conformal), because trees fitted to a high
 * quantile tend to cover less than it promises on new calls.
 */
final class XgboostDurationModel implements DurationModel {
    private static final String BOOSTER_FORMAT = "ubj";
    private static final int FEATURES = CallFeatures.NAMES.size();
    /** Added before taking the logarithm, so a zero duration has one; far below what a call's duration can show. */
    private static final double LOG_OFFSET_SECONDS = 0.01;

    private final ModelReport report;
    private final Booster booster;
    private final byte[] boosterBytes;
    private final double p95Factor;

    private XgboostDurationModel(ModelReport report, Booster booster, byte[] boosterBytes, double p95Factor)
            throws XGBoostError {
        // predictions stay on the caller's thread: OpenMP workers that spin on a busy machine cost milliseconds
        booster.setParam("nthread", 1);
        this.report = report;
        this.booster = booster;
        this.boosterBytes = boosterBytes;
        this.p95Factor = p95Factor;
    }

    /** The fitted trees before calibration and before a report exists. */
    static Booster fit(List<TrainingSample> samples, TrainerSettings settings) {
        try {
            DMatrix matrix = new DMatrix(matrix(samples.stream().map(TrainingSample::features).toList()),
                    samples.size(), FEATURES, Float.NaN);
            try {
                float[] labels = new float[samples.size()];
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = (float) Math.log(samples.get(i).durationSeconds() + LOG_OFFSET_SECONDS);
                }
                matrix.setLabel(labels);
                Map<String, Object> params = new HashMap<>();
                params.put("objective", "reg:quantileerror");
                params.put("quantile_alpha", "[0.5,0.95]");
                params.put("tree_method", "hist");
                params.put("max_depth", settings.maxDepth());
                params.put("eta", settings.learningRate());
                params.put("nthread", settings.threads());
                params.put("seed", settings.seed());
                params.put("verbosity", 0);
                return XGBoost.train(matrix, params, settings.rounds(), Map.of(), null, null);
            } finally {
                matrix.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("xgboost training failed: " + e.getMessage(), e);
        }
    }

    /** p50 and p95 of every sample, the p95 widened (or narrowed) by {@code p95Factor} on the log scale. */
    static double[][] predict(Booster booster, List<TrainingSample> samples, double p95Factor) {
        return predict(booster, matrix(samples.stream().map(TrainingSample::features).toList()), samples.size(),
                p95Factor);
    }

    private static double[][] predict(Booster booster, float[] rows, int count, double p95Factor) {
        double[][] quantiles = new double[2][count];
        if (count == 0) {
            return quantiles;
        }
        float[][] raw = inplacePredict(booster, rows, count);
        for (int i = 0; i < count; i++) {
            quantiles[0][i] = Math.max(0, Math.exp(raw[i][0]) - LOG_OFFSET_SECONDS);
            quantiles[1][i] = Math.max(quantiles[0][i], Math.exp(raw[i][1]) * p95Factor - LOG_OFFSET_SECONDS);
        }
        return quantiles;
    }

    /** The factor the uncalibrated p95 would need to cover {@code durationSeconds}: what calibration collects. */
    static double p95Shortfall(double durationSeconds, double uncalibratedP95) {
        return (durationSeconds + LOG_OFFSET_SECONDS) / (uncalibratedP95 + LOG_OFFSET_SECONDS);
    }

    static XgboostDurationModel of(ModelReport report, Booster booster, double p95Factor) {
        try {
            return new XgboostDurationModel(report, booster, booster.toByteArray(BOOSTER_FORMAT), p95Factor);
        } catch (XGBoostError e) {
            throw new IllegalStateException("xgboost could not save its model: " + e.getMessage(), e);
        }
    }

    @Override
    public ModelReport report() {
        return report;
    }

    @Override
    public DurationPrediction predict(CallFeatures features) {
        return predictAll(Collections.singletonList(features)).get(0);
    }

    @Override
    public List<DurationPrediction> predictAll(List<CallFeatures> features) {
        double[][] quantiles = predict(booster, matrix(features), features.size(), p95Factor);
        List<DurationPrediction> predictions = new ArrayList<>(features.size());
        for (int i = 0; i < features.size(); i++) {
            predictions.add(new DurationPrediction(quantiles[0][i], quantiles[1][i], ModelReport.XGBOOST,
                    report.version()));
        }
        return predictions;
    }

    @Override
    public byte[] serialize() {
        return ModelCodec.write(report, out -> {
            out.writeDouble(p95Factor);
            out.writeInt(boosterBytes.length);
            out.write(boosterBytes);
        });
    }

    static XgboostDurationModel read(ModelReport report, DataInputStream in) throws IOException {
        double p95Factor = in.readDouble();
        int length = in.readInt();
        if (length <= 0 || length > in.available()) {
            throw new IllegalArgumentException("stored model is corrupt: booster of " + length + " bytes");
        }
        byte[] boosterBytes = in.readNBytes(length);
        try {
            return new XgboostDurationModel(report, XGBoost.loadModel(boosterBytes), boosterBytes, p95Factor);
        } catch (XGBoostError e) {
            throw new IllegalArgumentException("stored xgboost booster cannot be loaded: " + e.getMessage(), e);
        }
    }

    private static float[][] inplacePredict(Booster booster, float[] rows, int count) {
        try {
            // in-place prediction is thread-safe in xgboost and needs no DMatrix
            return booster.inplace_predict(rows, count, FEATURES, Float.NaN);
        } catch (XGBoostError e) {
            throw new IllegalStateException("xgboost prediction failed: " + e.getMessage(), e);
        }
    }

    private static float[] matrix(List<CallFeatures> features) {
        float[] rows = new float[features.size() * FEATURES];
        for (int i = 0; i < features.size(); i++) {
            CallFeatures known = features.get(i);
            double[] values = (known == null ? CallFeatures.unknown() : known).values();
            for (int j = 0; j < FEATURES; j++) {
                rows[i * FEATURES + j] = asFeature(values[j]);
            }
        }
        return rows;
    }

    /** A value too large for a float is as unknown as NaN (xgboost refuses infinities). */
    private static float asFeature(double value) {
        float single = (float) value;
        return Float.isInfinite(single) ? Float.NaN : single;
    }
}
