package io.slaguard.executor.api;

/** Where a call stands. */
public enum CallState {
    /** No attempt has started user code yet. */
    PENDING,
    /** At least one attempt is running user code. */
    RUNNING,
    SUCCEEDED,
    FAILED,
    /** Stopped by remediation (cost limit) before any attempt succeeded. */
    CANCELLED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
