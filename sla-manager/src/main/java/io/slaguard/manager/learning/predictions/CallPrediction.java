package io.slaguard.manager.learning.predictions;

import io.slaguard.manager.learning.models.DurationPrediction;

/** The prediction of one running call, with what identifies it on the wire. */
public record CallPrediction(String instance, String jobId, String callId, String functionName,
                             DurationPrediction prediction) {
}
