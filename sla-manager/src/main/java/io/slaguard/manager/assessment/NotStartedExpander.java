package io.slaguard.manager.assessment;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.slaguard.manager.assessment.MetricsSource.MetricsSourceException;
import io.slaguard.manager.model.Violation;
import io.slaguard.protocol.Ids;
import io.slaguard.protocol.Telemetry;
import io.slaguard.protocol.Violations;

/**
 * Turns a job-level notStarted violation into one violation per call of the job that has no
 * {@code function_start} (any attempt) at the tick, so remediation can re-invoke exactly those calls (docs/architecture.md#shipped-guarantees).
 * The job's own labels are kept and the call's identity is added; the original violation is never altered.
 */
public final class NotStartedExpander implements ViolationExpander {
    private final MetricsSource metrics;
    private final Duration queryTimeout;

    public NotStartedExpander(MetricsSource metrics, Duration queryTimeout) {
        if (queryTimeout == null || queryTimeout.isNegative() || queryTimeout.isZero()) {
            throw new IllegalArgumentException("notStarted query timeout must be positive, got " + queryTimeout);
        }
        this.metrics = metrics;
        this.queryTimeout = queryTimeout;
    }

    @Override
    public List<Violation> expand(Violation violation, Instant tick) throws MetricsSourceException {
        if (!Violations.NOT_STARTED.equals(violation.guarantee()) || !Ids.isJobId(violation.key())) {
            return List.of(violation);
        }
        Ids.JobRef job = Ids.parseJob(violation.key());
        String selector = "{" + Telemetry.JOB_ID + "=\"" + job.jobId() + "\"}";
        List<MetricsSource.Sample> total = metrics.query("max(" + Telemetry.JOB_TOTAL_CALLS + selector + ")", tick,
                queryTimeout);
        if (total.isEmpty() || !Double.isFinite(total.get(0).value()) || total.get(0).value() < 1) {
            return List.of(violation);
        }
        int calls = (int) Math.min(Integer.MAX_VALUE, Math.round(total.get(0).value()));
        Set<String> started = new HashSet<>();
        for (MetricsSource.Sample s : metrics.query("count by (" + Telemetry.CALL_ID + ") ("
                + Telemetry.FUNCTION_START + selector + ")", tick, queryTimeout)) {
            started.add(s.labels().get(Telemetry.CALL_ID));
        }
        List<Violation> perCall = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            String callId = job.call(i).callId();
            if (!started.contains(callId)) {
                perCall.add(forCall(violation, job, callId));
            }
        }
        // every call id in range has started, yet the job is short of starts: keep the job-level violation
        return perCall.isEmpty() ? List.of(violation) : perCall;
    }

    private static Violation forCall(Violation parent, Ids.JobRef job, String callId) {
        Map<String, String> labels = new HashMap<>(parent.labels());
        labels.put(Telemetry.CALL_ID, callId);
        labels.put(Telemetry.JOB_ID, job.jobId());
        labels.putIfAbsent(Telemetry.EXPORTED_INSTANCE, job.instance());
        labels.put(Violations.NOT_STARTED_LABEL, callId);
        // deterministic: expanding the same violation again (a retried tick) yields the same ids
        String id = UUID.nameUUIDFromBytes((parent.id() + callId).getBytes(StandardCharsets.UTF_8)).toString();
        return new Violation(id, parent.agreementId(), parent.guarantee(), parent.datetime(), callId,
                parent.resource(), parent.value(), labels);
    }
}
