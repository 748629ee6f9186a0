package io.slaguard.remediation;

import java.time.Instant;

import io.slaguard.remediation.RemediationActions.Outcome;

/**
 * What the consumer did about one violation message, recorded before the message is acknowledged.
 *
 * @param guarantee the violated guarantee ({@code tooLong}, {@code notStarted}, {@code tooCostly}, or another name)
 * @param key       what the action was about: a call id, or the instance for tooCostly
 * @param action    {@code startBackup}, {@code reinvoke}, {@code cancelInstance}, or {@code none} (see {@code Violations.ACTION_*})
 * @param outcome   what came of it; a duplicate message is NOT_NEEDED with a detail starting with "duplicate"
 * @param detail    a human-readable reason
 * @param messageId the AMQP message id (or the violation id when the message had none), may be null
 * @param time      when the decision was made
 */
public record ActionRecord(String guarantee, String key, String action, Outcome outcome, String detail,
                           String messageId, Instant time) {

    public boolean applied() {
        return outcome == Outcome.APPLIED;
    }
}
