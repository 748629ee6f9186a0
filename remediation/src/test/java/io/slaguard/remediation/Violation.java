package io.slaguard.remediation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.slaguard.protocol.Ids;
import io.slaguard.protocol.ViolationMessage;
import io.slaguard.protocol.Violations;

/** Violations shaped as the manager sends them (docs/architecture.md#notification). */
final class Violation {
    private Violation() {
    }

    static ViolationMessage tooLong(String callId) {
        Ids.CallRef call = Ids.parseCall(callId);
        return message(Violations.TOO_LONG, callId, call.instance(), call.jobId(), callId, null, 3.2);
    }

    static ViolationMessage notStarted(String callId) {
        Ids.CallRef call = Ids.parseCall(callId);
        return message(Violations.NOT_STARTED, call.jobId(), call.instance(), call.jobId(), null, callId, 1);
    }

    static ViolationMessage tooCostly(String instance) {
        return message(Violations.TOO_COSTLY, instance, instance, null, null, null, 0.02);
    }

    static ViolationMessage of(String guarantee, String key, String instance) {
        return message(guarantee, key, instance, null, null, null, 1);
    }

    private static ViolationMessage message(String guarantee, String key, String instance, String jobId, String callId,
                                            String notStarted, double value) {
        Instant now = Instant.now();
        return new ViolationMessage(guarantee, guarantee, now, UUID.randomUUID().toString(), key, instance, jobId,
                callId, notStarted, List.of(new ViolationMessage.Entry(key, value, now, "summ")));
    }
}
