package io.slaguard.manager.notify;

import java.util.List;
import java.util.Map;

import io.slaguard.manager.model.Violation;
import io.slaguard.protocol.Ids;
import io.slaguard.protocol.Telemetry;
import io.slaguard.protocol.ViolationMessage;
import io.slaguard.protocol.Violations;

/** Maps a stored violation to the message on the wire (docs/architecture.md#notification). */
public final class ViolationMessages {
    private ViolationMessages() {
    }

    /**
     * The upstream body plus the identity of the key: instance, job and call come from the series' labels,
     * else from the key itself when it is a Lithops job or call id.
     */
    public static ViolationMessage toMessage(Violation v) {
        Map<String, String> labels = v.labels();
        String callId = firstNonBlank(labels.get(Telemetry.CALL_ID), Ids.isCallId(v.key()) ? v.key() : null);
        String jobId = firstNonBlank(labels.get(Telemetry.JOB_ID), jobOf(v.key(), callId));
        String instance = firstNonBlank(labels.get(Telemetry.EXPORTED_INSTANCE), instanceOf(v.key(), jobId));
        ViolationMessage.Entry entry = new ViolationMessage.Entry(v.key(), v.value(), v.datetime(), v.resource());
        return new ViolationMessage(v.agreementId(), v.guarantee(), v.datetime(), v.id(), v.key(), instance, jobId,
                callId, labels.get(Violations.NOT_STARTED_LABEL), List.of(entry));
    }

    private static String jobOf(String key, String callId) {
        if (callId != null && Ids.isCallId(callId)) {
            return Ids.parseCall(callId).jobId();
        }
        return Ids.isJobId(key) ? key : null;
    }

    private static String instanceOf(String key, String jobId) {
        if (jobId != null && Ids.isJobId(jobId)) {
            return Ids.parseJob(jobId).instance();
        }
        return Ids.isInstance(key) ? key : null;
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }
}
