package io.slaguard.executor.api;

/** Where one attempt of a call stands. */
public enum AttemptState {
    /** Waiting for a worker. */
    QUEUED,
    /** Running user code. */
    RUNNING,
    SUCCEEDED,
    FAILED,
    /** Stopped by remediation after it started (it lost a backup race, or the instance was cancelled). */
    CANCELLED,
    /** Never ran: another attempt of the call started or finished first, or the instance was cancelled. */
    SKIPPED;

    public boolean isLive() {
        return this == QUEUED || this == RUNNING;
    }
}
