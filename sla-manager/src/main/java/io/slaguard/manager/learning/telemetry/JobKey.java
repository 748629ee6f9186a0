package io.slaguard.manager.learning.telemetry;

/** A job of an instance. */
public record JobKey(String instance, String jobId) {
}
