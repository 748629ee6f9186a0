package io.slaguard.executor.telemetry;

import java.util.Map;

import io.slaguard.protocol.Telemetry;

/** The Pushgateway group of one attempt of one call. */
public record CallGroup(String instance, String jobId, String callId, String functionName, int attempt) {

    public Map<String, String> groupingKey() {
        return Telemetry.callGroup(instance, jobId, callId, functionName, attempt);
    }
}
