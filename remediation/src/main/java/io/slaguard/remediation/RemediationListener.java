package io.slaguard.remediation;

/** Told of every decision of the consumer (e.g. the CLI progress line); called on the consumer thread, keep it quick. */
@FunctionalInterface
public interface RemediationListener {

    void onAction(ActionRecord record);

    static RemediationListener none() {
        return record -> {
        };
    }
}
