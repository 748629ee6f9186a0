package io.slaguard.manager.model;

/** Outcome of one guarantee at one tick. {@code unknown}: Prometheus could not answer, nothing was concluded. */
public enum GuaranteeState {
    ok, violated, unknown
}
