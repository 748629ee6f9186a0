package io.slaguard.profiler;

import java.time.Duration;

/** A running profile of one call. */
public interface ProfilerHandle {
    /**
     * Ends collection: takes a last sample (unless the process already ended) and hands it to the sender.
     * Never waits for the Pushgateway. Idempotent: later calls return the profile again, with drops counted so far.
     */
    CallProfile stop();

    /** The profile so far; collection goes on. */
    CallProfile summary();

    /** Whether samples are still being taken (false once the process ended or {@link #stop()} was called). */
    boolean isRunning();

    /**
     * Waits until collection has ended and every sample is pushed or dropped, at most {@code timeout}.
     *
     * @return whether the sender finished in time
     */
    boolean awaitFlushed(Duration timeout) throws InterruptedException;
}
