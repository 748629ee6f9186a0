package io.slaguard.manager.learning.telemetry;

/** A call of an instance: call ids are unique within their instance. */
public record CallKey(String instance, String callId) {
}
