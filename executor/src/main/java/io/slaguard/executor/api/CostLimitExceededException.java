package io.slaguard.executor.api;

/** The instance was cancelled by the tooCostly remediation: its calls fail and it accepts no new jobs. */
public class CostLimitExceededException extends RuntimeException {
    public CostLimitExceededException(String message) {
        super(message);
    }
}
