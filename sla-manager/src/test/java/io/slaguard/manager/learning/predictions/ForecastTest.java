package io.slaguard.manager.learning.predictions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.slaguard.manager.learning.models.CallFeatures;
import io.slaguard.manager.learning.models.DurationPrediction;
import io.slaguard.manager.learning.telemetry.Attempt;
import io.slaguard.manager.learning.telemetry.CallKey;
import io.slaguard.manager.learning.telemetry.Job;
import io.slaguard.manager.learning.telemetry.JobKey;
import io.slaguard.manager.learning.telemetry.TelemetrySnapshot;

/** The forecast's arithmetic on literal snapshots (pure logic; the series themselves are tested on Prometheus). */
class ForecastTest {
    private static final double NOW = 1000;
    private static final double NAN = Double.NaN;
    private static final JobKey JOB = new JobKey("abc123", "abc123-0-M000");
    private static final Forecast.Predictor MEDIAN_10 = constant(new DurationPrediction(10, 15, "empirical", 1));
    private static final Forecast.Predictor NO_MODEL = (fn, features) -> Optional.empty();

    private static Forecast.Predictor constant(DurationPrediction prediction) {
        return (fn, features) -> Optional.of(features.stream().map(f -> prediction).toList());
    }

    private static Attempt attempt(int call, int attempt, double start, double end, double cancel) {
        return new Attempt(JOB.instance(), JOB.jobId(), JOB.jobId() + "-0000" + call, attempt, "fn", start, end, cancel);
    }

    /** 5 calls of 1024 MB: one ended after 4 s, one cancelled after 3 s and its backup running 2 s, one running 12 s. */
    private static TelemetrySnapshot snapshot() {
        return new TelemetrySnapshot(NOW, List.of(
                attempt(0, 0, 900, 904, NAN),
                attempt(1, 0, 990, NAN, 993),
                attempt(1, 1, 998, NAN, NAN),
                attempt(2, 0, 988, NAN, NAN)),
                Map.of(JOB, new Job(JOB, "fn", 5, 1024)), Map.of(new CallKey(JOB.instance(), JOB.jobId() + "-00002"), 7.0));
    }

    @Test
    void finishedAtTheirCostRunningAtLeastAtTheirMedianNotStartedAtTheirMedian() {
        Forecast.Result result = Forecast.of(snapshot(), MEDIAN_10);

        // 4 + 3 finished; backup max(2, 10), running max(12, 10); 2 calls not started × 10
        assertThat(result.costByInstance().get(JOB.instance())).isCloseTo((4 + 3 + 10 + 12 + 20) * 1024.0, within(1e-6));
        assertThat(result.running()).extracting(CallPrediction::callId)
                .containsExactlyInAnyOrder(JOB.jobId() + "-00001", JOB.jobId() + "-00002");
    }

    @Test
    void withoutAModelTheForecastIsWhatWasSpent() {
        Forecast.Result result = Forecast.of(snapshot(), NO_MODEL);

        assertThat(result.costByInstance().get(JOB.instance())).isCloseTo((4 + 3 + 2 + 12) * 1024.0, within(1e-6));
        assertThat(result.running()).isEmpty();
    }

    @Test
    void theModelSeesTheJobsFeaturesAndTheCallsInputSize() {
        List<CallFeatures> asked = new ArrayList<>();
        Forecast.of(snapshot(), (fn, features) -> {
            asked.addAll(features);
            return Optional.empty();
        });

        assertThat(asked).contains(new CallFeatures(1024, 7, 5), new CallFeatures(1024, NAN, 5));
    }

    @Test
    void nonsenseFromTheTelemetryOrTheModelNeverMakesANegativeOrNanForecast() {
        TelemetrySnapshot odd = new TelemetrySnapshot(NOW, List.of(attempt(0, 0, 2000, NAN, NAN)),
                Map.of(JOB, new Job(JOB, "fn", -3, NAN)), Map.of());
        Forecast.Result result = Forecast.of(odd,
                constant(new DurationPrediction(NAN, Double.POSITIVE_INFINITY, "xgboost", 2)));

        assertThat(result.costByInstance().get(JOB.instance())).isZero();
    }
}
