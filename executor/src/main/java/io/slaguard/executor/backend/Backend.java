package io.slaguard.executor.backend;

import io.slaguard.executor.api.CallFunction;

/** Where attempts run. One attempt runs on the calling worker thread until it ends or is cancelled. */
public interface Backend extends AutoCloseable {

    /** {@code local} or {@code lambda}. */
    String name();

    /** How many attempts may run at once: the size of the executor's worker pool. */
    int concurrency();

    /** Whether this backend can run the function; the executor refuses a job otherwise. */
    boolean supports(CallFunction function);

    /**
     * Runs one attempt and blocks until it ends. {@code started} is told, once, the moment user code begins
     * (a process started, a Lambda invoke sent). A cancelled attempt ends as soon as the backend has stopped
     * it; its outcome is ignored.
     */
    AttemptOutcome run(AttemptRequest request, Cancellation cancellation, StartListener started);

    /** The instance was cancelled for cost: stop whatever the platform can stop (no-op by default). */
    default void instanceCancelled() {
    }

    @Override
    default void close() {
    }

    /** Told when an attempt's user code begins; {@code pid} is its local process id, or -1. */
    @FunctionalInterface
    interface StartListener {
        void started(long pid);
    }
}
