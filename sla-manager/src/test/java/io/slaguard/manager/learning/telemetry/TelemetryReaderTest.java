package io.slaguard.manager.learning.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.slaguard.manager.assessment.MetricsSource.Sample;
import io.slaguard.protocol.Learning;

/** Grouping the answer of the one telemetry query into attempts, jobs and input sizes (pure logic). */
class TelemetryReaderTest {
    private static final String INSTANCE = "abc123";
    private static final String JOB = "abc123-0-M000";

    private static Sample series(String name, double value, String... labels) {
        Map<String, String> all = new java.util.LinkedHashMap<>(Map.of("__name__", name, "exported_instance", INSTANCE,
                "job_id", JOB, "function_name", "fn"));
        for (int i = 0; i < labels.length; i += 2) {
            all.put(labels[i], labels[i + 1]);
        }
        return new Sample(all, value);
    }

    @Test
    void attemptsJobsAndInputSizesAreGroupedByTheirLabels() {
        TelemetrySnapshot snapshot = TelemetryReader.snapshot(100, List.of(
                series("job_total_calls", 3), series("job_runtime_memory", 512),
                series("function_start", 10, "call_id", JOB + "-00000"),
                series("function_end", 14, "call_id", JOB + "-00000"),
                series("function_input_bytes", 2048, "call_id", JOB + "-00000"),
                series("function_start", 10, "call_id", JOB + "-00001"),
                series("function_cancel", 20, "call_id", JOB + "-00001"),
                series("function_start", 20, "call_id", JOB + "-00001", "attempt", "1"),
                // an end whose start was not scraped yet, and an attempt label that is not ours
                series("function_end", 30, "call_id", JOB + "-00002"),
                series("function_start", 10, "call_id", JOB + "-00003", "attempt", "x")));

        assertThat(snapshot.attempts()).containsExactlyInAnyOrder(
                new Attempt(INSTANCE, JOB, JOB + "-00000", 0, "fn", 10, 14, Double.NaN),
                new Attempt(INSTANCE, JOB, JOB + "-00001", 0, "fn", 10, Double.NaN, 20),
                new Attempt(INSTANCE, JOB, JOB + "-00001", 1, "fn", 20, Double.NaN, Double.NaN));
        assertThat(snapshot.jobs()).containsExactly(Map.entry(new JobKey(INSTANCE, JOB),
                new Job(new JobKey(INSTANCE, JOB), "fn", 3, 512)));
        assertThat(snapshot.inputBytesOf(new CallKey(INSTANCE, JOB + "-00000"))).isEqualTo(2048);
        assertThat(snapshot.inputBytesOf(new CallKey(INSTANCE, JOB + "-00001"))).isNaN();
        assertThat(snapshot.attempts().stream().filter(Attempt::finished).map(Attempt::outcome))
                .containsExactlyInAnyOrder(Learning.OUTCOME_ENDED, Learning.OUTCOME_CANCELLED);
    }

    @Test
    void anAttemptBothEndedAndCancelledCountsAsWhicheverCameFirst() {
        assertThat(new Attempt(INSTANCE, JOB, JOB + "-00000", 0, "fn", 10, 14, 15).outcome())
                .isEqualTo(Learning.OUTCOME_ENDED);
        assertThat(new Attempt(INSTANCE, JOB, JOB + "-00000", 0, "fn", 10, 16, 15).outcome())
                .isEqualTo(Learning.OUTCOME_CANCELLED);
    }
}
