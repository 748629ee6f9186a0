package io.slaguard.manager.learning.predictions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.slaguard.manager.assessment.MetricsSource;
import io.slaguard.manager.learning.models.CallFeatures;
import io.slaguard.manager.learning.models.DurationModelTrainer;
import io.slaguard.manager.learning.models.TrainerSettings;
import io.slaguard.manager.learning.models.TrainingSample;
import io.slaguard.manager.learning.telemetry.TelemetryReader;
import io.slaguard.manager.learning.training.ServedModels;
import io.slaguard.protocol.Learning;

/**
 * The exporter's series as the registry holds them (pure logic, a scripted source): set from the telemetry and the
 * served model, and withdrawn, not left to age, while Prometheus cannot be read.
 */
class PredictionExporterTest {
    private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");
    private static final String JOB = "abc123-0-M000";

    /** Answers the telemetry query with a job of 2 calls of 1024 MB, one running 1 s; fails while {@code down}. */
    private static final class ScriptedPrometheus implements MetricsSource {
        volatile boolean down;

        @Override
        public List<Sample> query(String promql, Instant time, Duration timeout) throws MetricsSourceException {
            if (down) {
                throw new MetricsSourceException("connection refused");
            }
            return List.of(series("job_total_calls", 2, null), series("job_runtime_memory", 1024, null),
                    series("function_start", NOW.getEpochSecond() - 1, JOB + "-00000"));
        }

        @Override
        public String version() {
            return "2.42.0";
        }

        private static Sample series(String name, double value, String callId) {
            Map<String, String> labels = new java.util.LinkedHashMap<>(Map.of("__name__", name,
                    "exported_instance", "abc123", "job_id", JOB, "function_name", "fn"));
            if (callId != null) {
                labels.put("call_id", callId);
            }
            return new Sample(labels, value);
        }
    }

    @Test
    void theSeriesFollowTheTelemetryAndAreWithdrawnWhilePrometheusCannotBeRead() {
        ServedModels served = new ServedModels();
        served.serve(new DurationModelTrainer(TrainerSettings.defaults()).train("fn",
                Collections.nCopies(10, new TrainingSample(CallFeatures.unknown(), 3)), 1, NOW));
        ScriptedPrometheus prometheus = new ScriptedPrometheus();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PredictionExporter exporter = new PredictionExporter(new TelemetryReader(prometheus, Duration.ofSeconds(1),
                Clock.fixed(NOW, ZoneOffset.UTC)), served, registry);

        assertThat(exporter.pass()).isEqualTo(1);
        Gauge p50 = registry.get(Learning.PREDICTED_DURATION_P50).gauge();
        assertThat(p50.getId().getTag(Learning.LABEL_CALL_ID)).isEqualTo(JOB + "-00000");
        assertThat(p50.getId().getTag(Learning.LABEL_INSTANCE)).isEqualTo("abc123");
        assertThat(p50.value()).isEqualTo(3);
        // the running call at its median (3 s, more than its 1 s), the other at its median: 6 s × 1024 MB
        assertThat(registry.get(Learning.FORECAST_COST).gauge().value()).isEqualTo(6 * 1024);
        assertThat(registry.get(Learning.MODEL_VERSION).gauge().value()).isEqualTo(1);

        prometheus.down = true;
        assertThat(exporter.pass()).isZero();
        assertThat(registry.find(Learning.PREDICTED_DURATION_P50).gauges()).isEmpty();
        assertThat(registry.find(Learning.FORECAST_COST).gauges()).isEmpty();

        prometheus.down = false;
        assertThat(exporter.pass()).isEqualTo(1);
        assertThat(registry.find(Learning.PREDICTED_DURATION_P50).gauges()).hasSize(1);
    }
}
