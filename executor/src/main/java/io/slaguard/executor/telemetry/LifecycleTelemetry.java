package io.slaguard.executor.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import io.prometheus.metrics.model.registry.MultiCollector;

/**
 * Lifecycle events of jobs and call attempts (docs/architecture.md#lifecycle-telemetry). Every method returns at once; delivery is
 * asynchronous so user code never waits on the Pushgateway.
 */
public interface LifecycleTelemetry extends AutoCloseable {

    /** {@code job_total_calls} and {@code job_runtime_memory} of a job that is about to start. */
    void jobStarted(String instance, String jobId, String functionName, int totalCalls, int memoryMb);

    /**
     * {@code function_start}: the attempt began running user code; with {@code function_input_bytes} in the same
     * push when the input's size is known.
     */
    void attemptStarted(CallGroup group, Instant at, OptionalLong inputBytes);

    /** {@code function_end}: the attempt finished, success or error. */
    void attemptEnded(CallGroup group, Instant at);

    /** {@code function_cancel}: remediation stopped the attempt. */
    void attemptCancelled(CallGroup group, Instant at);

    /**
     * The instance's remediation counter changed: its group ({@code job=sla_remediation}, {@code instance}) is
     * replaced with the counter's values as they are when the request goes out.
     */
    void remediationCounted(String instance, MultiCollector counter);

    /** Deletes, after {@code delay}, every group this instance pushed (at once, in order, when zero). */
    void deleteGroupsAfter(Duration delay);

    /** Waits until everything queued so far is delivered, or the timeout passes; true when delivered. */
    boolean flush(Duration timeout);

    TelemetryStats stats();

    /** Delivers what is pending within {@code timeout}, then stops; undeliverable events are logged. */
    void close(Duration timeout);

    @Override
    default void close() {
        close(Duration.ofSeconds(10));
    }

    /** Telemetry that goes nowhere, for runs without a Pushgateway. */
    static LifecycleTelemetry disabled() {
        return new LifecycleTelemetry() {
            @Override
            public void jobStarted(String instance, String jobId, String functionName, int totalCalls, int memoryMb) {
            }

            @Override
            public void attemptStarted(CallGroup group, Instant at, OptionalLong inputBytes) {
            }

            @Override
            public void attemptEnded(CallGroup group, Instant at) {
            }

            @Override
            public void attemptCancelled(CallGroup group, Instant at) {
            }

            @Override
            public void remediationCounted(String instance, MultiCollector counter) {
            }

            @Override
            public void deleteGroupsAfter(Duration delay) {
            }

            @Override
            public boolean flush(Duration timeout) {
                return true;
            }

            @Override
            public TelemetryStats stats() {
                return TelemetryStats.NONE;
            }

            @Override
            public void close(Duration timeout) {
            }
        };
    }
}
