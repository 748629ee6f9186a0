package io.slaguard.manager.learning.telemetry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.slaguard.manager.assessment.MetricsSource;
import io.slaguard.manager.assessment.MetricsSource.MetricsSourceException;
import io.slaguard.manager.assessment.MetricsSource.Sample;
import io.slaguard.protocol.Telemetry;

/**
 * Reads the lifecycle telemetry from Prometheus in one query (the metrics by name), so Lithops workers and this
 * project's executor count alike. Never on the assessment thread.
 */
public final class TelemetryReader {
    private static final String NAME = "__name__";
    static final String QUERY = "{" + NAME + "=~\"" + String.join("|", Telemetry.FUNCTION_START, Telemetry.FUNCTION_END,
            Telemetry.FUNCTION_CANCEL, Telemetry.JOB_TOTAL_CALLS, Telemetry.JOB_RUNTIME_MEMORY,
            Telemetry.FUNCTION_INPUT_BYTES) + "\"}";

    private final MetricsSource source;
    private final Duration timeout;
    private final Clock clock;

    public TelemetryReader(MetricsSource source, Duration timeout, Clock clock) {
        this.source = source;
        this.timeout = timeout;
        this.clock = clock;
    }

    public TelemetrySnapshot read() throws MetricsSourceException {
        Instant now = clock.instant();
        return snapshot(now.toEpochMilli() / 1000.0, source.query(QUERY, now, timeout));
    }

    /** Groups the series by attempt, job and call; a series without the labels it needs is skipped. */
    static TelemetrySnapshot snapshot(double at, List<Sample> samples) {
        Map<AttemptId, double[]> times = new LinkedHashMap<>();
        Map<AttemptId, String[]> names = new HashMap<>();
        Map<JobKey, Job> jobs = new HashMap<>();
        Map<CallKey, Double> inputBytes = new HashMap<>();
        for (Sample sample : samples) {
            Map<String, String> labels = sample.labels();
            String metric = labels.get(NAME);
            String instance = labels.get(Telemetry.EXPORTED_INSTANCE);
            String jobId = labels.get(Telemetry.JOB_ID);
            String function = labels.get(Telemetry.FUNCTION_NAME);
            if (metric == null || instance == null || jobId == null) {
                continue;
            }
            if (metric.equals(Telemetry.JOB_TOTAL_CALLS) || metric.equals(Telemetry.JOB_RUNTIME_MEMORY)) {
                JobKey key = new JobKey(instance, jobId);
                Job known = jobs.getOrDefault(key, new Job(key, function, Double.NaN, Double.NaN));
                jobs.put(key, metric.equals(Telemetry.JOB_TOTAL_CALLS)
                        ? new Job(key, known.functionName(), sample.value(), known.memoryMb())
                        : new Job(key, known.functionName(), known.totalCalls(), sample.value()));
                continue;
            }
            String callId = labels.get(Telemetry.CALL_ID);
            if (callId == null) {
                continue;
            }
            if (metric.equals(Telemetry.FUNCTION_INPUT_BYTES)) {
                inputBytes.put(new CallKey(instance, callId), sample.value());
                continue;
            }
            Integer attempt = attemptOf(labels.get(Telemetry.ATTEMPT));
            if (attempt == null || function == null) {
                continue;
            }
            AttemptId id = new AttemptId(new CallKey(instance, callId), attempt);
            double[] t = times.computeIfAbsent(id, k -> new double[] {Double.NaN, Double.NaN, Double.NaN});
            names.put(id, new String[] {jobId, function});
            t[metric.equals(Telemetry.FUNCTION_START) ? 0 : metric.equals(Telemetry.FUNCTION_END) ? 1 : 2] = sample.value();
        }
        List<Attempt> attempts = new ArrayList<>();
        times.forEach((id, t) -> {
            // an end or a cancel without a start (pushes racing a scrape) waits for the next read
            if (!Double.isNaN(t[0])) {
                String[] n = names.get(id);
                attempts.add(new Attempt(id.call().instance(), n[0], id.call().callId(), id.attempt(), n[1], t[0], t[1],
                        t[2]));
            }
        });
        return new TelemetrySnapshot(at, attempts, jobs, inputBytes);
    }

    /** Attempt 0 carries no label, as Lithops pushes it; anything but a non-negative number is not ours. */
    private static Integer attemptOf(String label) {
        if (label == null || label.isEmpty()) {
            return 0;
        }
        try {
            int attempt = Integer.parseInt(label);
            return attempt < 0 ? null : attempt;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private record AttemptId(CallKey call, int attempt) {
    }
}
