package io.slaguard.profiler;

import io.slaguard.protocol.Ids;

/** Who a profiled process works for: the labels and grouping key of its samples. */
public record CallLabels(String instance, String executorId, String jobId, String callId) {
    public CallLabels {
        Ids.CallRef call = Ids.parseCall(callId);
        if (!call.instance().equals(instance) || !call.job().executorId().equals(executorId)
                || !call.jobId().equals(jobId)) {
            throw new IllegalArgumentException("call id " + callId + " does not belong to instance " + instance
                    + ", executor " + executorId + ", job " + jobId);
        }
    }

    /** The labels of a call, all read from its id. */
    public static CallLabels of(String callId) {
        Ids.CallRef call = Ids.parseCall(callId);
        return new CallLabels(call.instance(), call.job().executorId(), call.jobId(), call.callId());
    }
}
