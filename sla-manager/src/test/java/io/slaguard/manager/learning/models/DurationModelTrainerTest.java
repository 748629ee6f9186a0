package io.slaguard.manager.learning.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class DurationModelTrainerTest {
    private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");
    private final DurationModelTrainer trainer = new DurationModelTrainer(TrainerSettings.defaults());

    /** Duration grows with the input: 1 s plus 0.5 s per MB, with ±10 % noise and a few 2× slow calls. */
    private static List<TrainingSample> sizeDriven(int count, long seed) {
        Random random = new Random(seed);
        List<TrainingSample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double megabytes = 1 + random.nextInt(20);
            double duration = (1 + 0.5 * megabytes) * (0.9 + 0.2 * random.nextDouble())
                    * (random.nextDouble() < 0.03 ? 2 : 1);
            samples.add(new TrainingSample(new CallFeatures(1024, megabytes * 1e6, 100), duration));
        }
        return samples;
    }

    @Test
    void whenTheInputSizeDrivesTheDurationXgboostBeatsTheMeanAndIsServed() {
        DurationModel model = trainer.train("wordcount", sizeDriven(600, 7), 3, NOW);

        ModelReport report = model.report();
        assertThat(report.kind()).isEqualTo(ModelReport.XGBOOST);
        assertThat(report.served()).isTrue();
        assertThat(report.functionName()).isEqualTo("wordcount");
        assertThat(report.version()).isEqualTo(3);
        assertThat(report.trainedAt()).isEqualTo(NOW);
        assertThat(report.samples()).isEqualTo(600);
        assertThat(report.features()).isEqualTo(CallFeatures.NAMES);
        assertThat(report.heldOutMae()).isLessThan(report.baselineMae() / 2);
        assertThat(report.p95Coverage()).isBetween(0.85, 1.0);
        assertThat(report.reason()).contains("beats the mean duration");

        DurationPrediction small = model.predict(new CallFeatures(1024, 2e6, 100));
        DurationPrediction large = model.predict(new CallFeatures(1024, 18e6, 100));
        assertThat(small.source()).isEqualTo(ModelReport.XGBOOST);
        assertThat(small.modelVersion()).isEqualTo(3);
        assertThat(small.p50Seconds()).isCloseTo(2.0, within(0.4));
        assertThat(large.p50Seconds()).isCloseTo(10.0, within(1.5));
        assertThat(large.p95Seconds()).isGreaterThanOrEqualTo(large.p50Seconds());
    }

    @Test
    void whenNoFeatureVariesTheEmpiricalQuantilesAreServed() {
        Random random = new Random(3);
        List<TrainingSample> samples = IntStream.range(0, 200)
                .mapToObj(i -> new TrainingSample(new CallFeatures(1024, Double.NaN, 50), 5 + random.nextDouble()))
                .toList();

        DurationModel model = trainer.train("same", samples, 1, NOW);

        assertThat(model.report().kind()).isEqualTo(ModelReport.EMPIRICAL);
        assertThat(model.report().features()).isEmpty();
        assertThat(model.report().reason()).contains("no feature varies");
        DurationPrediction prediction = model.predict(new CallFeatures(1024, 1e9, 50));
        assertThat(prediction.source()).isEqualTo(ModelReport.EMPIRICAL);
        assertThat(prediction.p50Seconds()).isCloseTo(5.5, within(0.1));
        assertThat(prediction.p95Seconds()).isCloseTo(5.95, within(0.05));
        assertThat(model.predict(CallFeatures.unknown())).isEqualTo(prediction);
    }

    @Test
    void withTooLittleHistoryTheEmpiricalQuantilesAreUsedAndTheReportSaysWhy() {
        DurationModel model = trainer.train("young", sizeDriven(20, 1), 1, NOW);

        assertThat(model.report().kind()).isEqualTo(ModelReport.EMPIRICAL);
        assertThat(model.report().reason()).startsWith("16 training samples, fewer than the 50");
        assertThat(model.report().heldOutMae()).isFinite();
        assertThat(model.report().baselineMae()).isFinite();
    }

    @Test
    void anXgboostModelThatDoesNotBeatTheMeanIsNotReturned() {
        // a feature that is pure noise and symmetric durations: trees only fit the noise
        Random random = new Random(11);
        List<TrainingSample> samples = IntStream.range(0, 80)
                .mapToObj(i -> new TrainingSample(new CallFeatures(random.nextInt(4096), random.nextDouble() * 1e6,
                        random.nextInt(1000)), 10 + random.nextGaussian()))
                .toList();

        DurationModel model = trainer.train("noise", samples, 1, NOW);

        assertThat(model.report().kind()).isEqualTo(ModelReport.EMPIRICAL);
        assertThat(model.report().reason()).contains("does not beat the mean duration");
        assertThat(model.predict(new CallFeatures(1, 2, 3)).source()).isEqualTo(ModelReport.EMPIRICAL);
    }

    @Test
    void aSingleSampleCannotBeMeasuredSoItIsNotServed() {
        DurationModel model = trainer.train("once", List.of(new TrainingSample(CallFeatures.unknown(), 4)), 1, NOW);

        assertThat(model.report().served()).isFalse();
        assertThat(model.report().heldOutMae()).isNaN();
        assertThat(model.report().reason()).contains("no sample could be held out");
        assertThat(model.predict(CallFeatures.unknown()).p50Seconds()).isEqualTo(4);
    }

    @Test
    void badFeaturesAndDurationsNeverCrashTrainingOrPrediction() {
        List<TrainingSample> samples = new ArrayList<>(sizeDriven(300, 5));
        double[] bad = {Double.NaN, -1, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 1e300, -0.0};
        for (double value : bad) {
            samples.add(new TrainingSample(new CallFeatures(value, value, value), 3));
            samples.add(new TrainingSample(new CallFeatures(1024, 5e6, 100), value));
        }
        samples.add(new TrainingSample(null, 2));
        samples.add(null);

        DurationModel model = trainer.train("messy", samples, 1, NOW);

        // durations NaN, -1, both infinities and 1e300 (beyond float) are dropped; -0.0 is a valid duration
        assertThat(model.report().samples()).isEqualTo(300 + bad.length + 1 + 1);
        for (double value : bad) {
            for (CallFeatures features : List.of(new CallFeatures(value, value, value),
                    new CallFeatures(1024, value, 100), new CallFeatures(value, 5e6, value))) {
                DurationPrediction prediction = model.predict(features);
                assertThat(prediction.p50Seconds()).isFinite().isGreaterThanOrEqualTo(0);
                assertThat(prediction.p95Seconds()).isFinite().isGreaterThanOrEqualTo(prediction.p50Seconds());
            }
        }
        assertThat(model.predict(null).p50Seconds()).isFinite();
    }

    @Test
    void callFeaturesTreatBadReadingsAsUnknown() {
        CallFeatures features = new CallFeatures(-5, Double.POSITIVE_INFINITY, 12);
        assertThat(features.memoryMb()).isNaN();
        assertThat(features.inputBytes()).isNaN();
        assertThat(features.jobTotalCalls()).isEqualTo(12);
        assertThat(features.values()).hasSize(CallFeatures.NAMES.size());
    }

    @Test
    void nothingUsableToTrainOnIsAClearError() {
        assertThatThrownBy(() -> trainer.train("f", List.of(new TrainingSample(CallFeatures.unknown(), -1)), 1, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no finished attempt of 'f' has a usable duration (of 1 samples)");
        assertThatThrownBy(() -> new TrainerSettings(5, 100, 4, 0.1, 0.2, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minSamples");
    }

    @Test
    void theSameSamplesAndSeedGiveTheSameModel() {
        List<TrainingSample> samples = sizeDriven(300, 9);
        DurationModel first = trainer.train("f", samples, 1, NOW);
        DurationModel second = trainer.train("f", samples, 1, NOW);
        assertThat(second.report()).isEqualTo(first.report());
        assertThat(second.serialize()).isEqualTo(first.serialize());
    }

    @Test
    void predictingManyAtOnceGivesWhatPredictingEachGives() {
        List<CallFeatures> calls = List.of(new CallFeatures(1024, 3e6, 100), CallFeatures.unknown(),
                new CallFeatures(1024, 15e6, Double.NaN), new CallFeatures(-1, 9e6, 100));
        for (DurationModel model : List.of(trainer.train("f", sizeDriven(300, 4), 1, NOW),
                trainer.train("f", sizeDriven(12, 4), 1, NOW))) {
            assertThat(model.predictAll(calls)).containsExactlyElementsOf(calls.stream().map(model::predict).toList());
            assertThat(model.predictAll(List.of())).isEmpty();
        }
    }

    @Test
    void predictionsAreSafeFromSeveralThreads() {
        DurationModel model = trainer.train("shared", sizeDriven(300, 2), 1, NOW);
        double expected = model.predict(new CallFeatures(1024, 7e6, 100)).p50Seconds();
        double[] answers = IntStream.range(0, 2_000).parallel()
                .mapToDouble(i -> model.predict(new CallFeatures(1024, 7e6, 100)).p50Seconds()).toArray();
        assertThat(Arrays.stream(answers).distinct().toArray()).containsExactly(expected);
    }
}
