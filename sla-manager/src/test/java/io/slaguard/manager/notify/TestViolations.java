package io.slaguard.manager.notify;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import io.slaguard.manager.model.Violation;
import io.slaguard.protocol.Ids;
import io.slaguard.protocol.Telemetry;

/** Violations of a fresh Lithops instance, so tests sharing a broker or Pushgateway keep apart. */
final class TestViolations {
    final String instance = Ids.newInstance();
    final String agreement = "agreement-" + UUID.randomUUID();
    final Ids.JobRef job = Ids.job(Ids.executorId(instance, 0), Ids.JobKind.MAP, 1);

    /** A tooLong violation of call {@code index}, labelled as Prometheus returns it. */
    Violation tooLong(int index, double value) {
        String callId = job.call(index).callId();
        return new Violation(UUID.randomUUID().toString(), agreement, "tooLong",
                Instant.now().truncatedTo(ChronoUnit.MILLIS), callId, "summ", value,
                Map.of(Telemetry.CALL_ID, callId, Telemetry.JOB_ID, job.jobId(), Telemetry.EXPORTED_INSTANCE, instance,
                        Telemetry.FUNCTION_NAME, "summ"));
    }
}
