package io.slaguard.manager.learning.history;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.slaguard.manager.assessment.MetricsSource.MetricsSourceException;
import io.slaguard.manager.learning.telemetry.Attempt;
import io.slaguard.manager.learning.telemetry.CallKey;
import io.slaguard.manager.learning.telemetry.Job;
import io.slaguard.manager.learning.telemetry.TelemetryReader;
import io.slaguard.manager.learning.telemetry.TelemetrySnapshot;

/**
 * The sensor: each pass reads what Prometheus holds of the workers' telemetry and stores every finished attempt
 * not stored yet, with its job's memory and size, its input size and its profile where there are some. The
 * Pushgateway keeps an instance's groups for its retention (15 min by default), so a pass that fails (Prometheus or
 * the database away) loses nothing: the next one records it.
 */
public final class HistorySensor {
    private static final Logger log = LoggerFactory.getLogger(HistorySensor.class);

    private final TelemetryReader telemetry;
    private final ProfileReader profiles;
    private final AttemptHistory history;
    private final Duration retention;
    private final Clock clock;
    private final Consumer<HistoryRow> recorded;
    /** Attempts known to be stored, among those Prometheus still shows: spares the database a look-up per pass. */
    private Set<AttemptId> stored = new HashSet<>();
    private boolean failing;

    /**
     * @param recorded told of each attempt this sensor stored (after the store)
     */
    public HistorySensor(TelemetryReader telemetry, ProfileReader profiles, AttemptHistory history, Duration retention,
                         Clock clock, Consumer<HistoryRow> recorded) {
        this.telemetry = telemetry;
        this.profiles = profiles;
        this.history = history;
        this.retention = retention;
        this.clock = clock;
        this.recorded = recorded;
    }

    private record AttemptId(CallKey call, int attempt) {
    }

    /** One pass; returns the attempts stored by it. Errors are logged once per outage and retried next pass. */
    public int pass() {
        try {
            int count = record(telemetry.read());
            history.prune(clock.millis() / 1000.0 - retention.toSeconds());
            if (failing) {
                log.info("history: recording again");
                failing = false;
            }
            return count;
        } catch (MetricsSourceException | RuntimeException e) {
            if (!failing) {
                log.warn("history: cannot record finished attempts now, retrying every pass: {}", e.getMessage());
                failing = true;
            }
            return 0;
        }
    }

    private int record(TelemetrySnapshot snapshot) throws MetricsSourceException {
        Set<AttemptId> seen = new HashSet<>();
        Set<CallKey> profiled = null;
        int count = 0;
        for (Attempt attempt : snapshot.attempts()) {
            if (!attempt.finished()) {
                continue;
            }
            AttemptId id = new AttemptId(attempt.call(), attempt.attempt());
            seen.add(id);
            if (stored.contains(id) || history.contains(attempt.instance(), attempt.callId(), attempt.attempt())) {
                stored.add(id);
                continue;
            }
            if (profiled == null) {
                profiled = profiles.profiledCalls();
            }
            ProfileSummary profile = profiled.contains(attempt.call()) ? profiles.summarize(attempt) : ProfileSummary.NONE;
            HistoryRow row = row(attempt, snapshot, profile);
            if (history.recordOnce(row)) {
                count++;
                recorded.accept(row);
            }
            stored.add(id);
        }
        // what Prometheus no longer shows cannot come back: forget it, so the set stays as small as the Pushgateway
        stored.retainAll(seen);
        return count;
    }

    static HistoryRow row(Attempt attempt, TelemetrySnapshot snapshot, ProfileSummary profile) {
        Job job = snapshot.jobs().get(attempt.job());
        return new HistoryRow(attempt.instance(), attempt.jobId(), attempt.callId(), attempt.attempt(),
                attempt.functionName(), job == null ? null : known(job.memoryMb()),
                job == null ? null : known(job.totalCalls()), known(snapshot.inputBytesOf(attempt.call())),
                attempt.start(), attempt.finishedAt(), attempt.outcome(), profile);
    }

    /** Null for what the telemetry does not say or says nonsensically (NaN, infinite, negative). */
    private static Double known(double value) {
        return Double.isFinite(value) && value >= 0 ? value : null;
    }
}
