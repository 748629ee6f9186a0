package io.slaguard.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.slaguard.protocol.ViolationMessage;
import io.slaguard.protocol.Violations;
import io.slaguard.remediation.RemediationActions.Outcome;

class ViolationHandlerTest {
    private static final String INSTANCE = "a1b2c3";
    private static final String CALL = INSTANCE + "-0-M001-00003";
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    private final RecordingActions actions = new RecordingActions(INSTANCE).knowing(CALL);
    private final ViolationHandler handler = handler(2, 100);

    private ViolationHandler handler(int maxAttempts, int memory) {
        return new ViolationHandler(actions, maxAttempts, memory, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void tooLongStartsABackupAndRecordsIt() {
        ViolationMessage v = Violation.tooLong(CALL);

        ActionRecord record = handler.handle(v, "m1");

        assertThat(actions.performed).containsExactly("startBackup " + CALL);
        assertThat(record).isEqualTo(new ActionRecord(Violations.TOO_LONG, CALL, Violations.ACTION_START_BACKUP,
                Outcome.APPLIED, "backup attempt 1", "m1", NOW));
    }

    @Test
    void aRepeatedMessageIdIsANoOp() {
        ViolationMessage v = Violation.tooLong(CALL);
        handler.handle(v, "m1");
        actions.knowing(CALL); // even with the attempt back at 0, the id alone recognises the duplicate

        ActionRecord again = handler.handle(v, "m1");

        assertThat(actions.performed).hasSize(1);
        assertThat(again.outcome()).isEqualTo(Outcome.NOT_NEEDED);
        assertThat(again.detail()).startsWith("duplicate: message m1");
    }

    @Test
    void theViolationIdStandsInForAMissingMessageId() {
        ViolationMessage v = Violation.tooLong(CALL);
        handler.handle(v, null);
        actions.knowing(CALL);

        ActionRecord again = handler.handle(v, "");

        assertThat(actions.performed).hasSize(1);
        assertThat(again.messageId()).isEqualTo(v.violationId());
    }

    @Test
    void oneActionPerGuaranteeKeyAndAttempt() {
        handler.handle(Violation.tooLong(CALL), "m1");
        actions.knowing(CALL); // the same attempt straggling again, reported by a new violation

        ActionRecord second = handler.handle(Violation.tooLong(CALL), "m2");

        assertThat(actions.performed).hasSize(1);
        assertThat(second.outcome()).isEqualTo(Outcome.NOT_NEEDED);
        assertThat(second.detail()).isEqualTo("duplicate: tooLong of " + CALL + " was acted on already for attempt 0");
    }

    @Test
    void aLaterAttemptIsActedOnUntilTheCap() {
        ViolationHandler three = handler(3, 100);

        Outcome first = three.handle(Violation.tooLong(CALL), "m1").outcome();
        Outcome second = three.handle(Violation.tooLong(CALL), "m2").outcome();
        ActionRecord third = three.handle(Violation.tooLong(CALL), "m3");

        assertThat(first).isEqualTo(Outcome.APPLIED);
        assertThat(second).isEqualTo(Outcome.APPLIED);
        assertThat(third.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(third.detail()).isEqualTo("attempt cap: call has 3 attempt(s), maxAttempts 3");
        assertThat(actions.performed).containsExactly("startBackup " + CALL, "startBackup " + CALL);
    }

    @Test
    void notStartedReinvokesTheCallNamedInItsFields() {
        ActionRecord record = handler.handle(Violation.notStarted(CALL), "m1");

        assertThat(actions.performed).containsExactly("reinvoke " + CALL);
        assertThat(record.key()).isEqualTo(CALL);
        assertThat(record.action()).isEqualTo(Violations.ACTION_REINVOKE);
    }

    @Test
    void notStartedWithoutTheFieldUsesTheKey() {
        handler.handle(Violation.of(Violations.NOT_STARTED, CALL, INSTANCE), "m1");

        assertThat(actions.performed).containsExactly("reinvoke " + CALL);
    }

    @Test
    void tooCostlyCancelsTheInstanceOnce() {
        ActionRecord first = handler.handle(Violation.tooCostly(INSTANCE), "m1");
        ActionRecord second = handler.handle(Violation.tooCostly(INSTANCE), "m2");

        assertThat(first.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(second.outcome()).isEqualTo(Outcome.NOT_NEEDED);
        assertThat(actions.performed).containsExactly("cancelInstance " + INSTANCE);
    }

    @Test
    void keysOfAnotherInstanceAreLeftAlone() {
        String foreignCall = "ffffff-0-M001-00003";

        ActionRecord call = handler.handle(Violation.tooLong(foreignCall), "m1");
        ActionRecord instance = handler.handle(Violation.tooCostly("ffffff"), "m2");

        assertThat(actions.performed).isEmpty();
        assertThat(call.outcome()).isEqualTo(Outcome.NOT_NEEDED);
        assertThat(call.detail()).isEqualTo("key belongs to instance ffffff, not to " + INSTANCE);
        assertThat(instance.outcome()).isEqualTo(Outcome.NOT_NEEDED);
    }

    @Test
    void unknownCallsAndKeysThatAreNotCallsAreLeftAlone() {
        ActionRecord unknown = handler.handle(Violation.tooLong(INSTANCE + "-0-M001-00009"), "m1");
        ActionRecord jobKey = handler.handle(Violation.of(Violations.TOO_LONG, INSTANCE + "-0-M001", INSTANCE), "m2");

        assertThat(actions.performed).isEmpty();
        assertThat(unknown.detail()).isEqualTo("call " + INSTANCE + "-0-M001-00009 is unknown to this executor");
        assertThat(jobKey.detail()).isEqualTo("key '" + INSTANCE + "-0-M001' is not a call id");
    }

    @Test
    void otherGuaranteesAreAcknowledgedWithoutAction() {
        ActionRecord record = handler.handle(Violation.of("cpuHigh", CALL, INSTANCE), "m1");

        assertThat(actions.performed).isEmpty();
        assertThat(record.action()).isEqualTo(Violations.ACTION_NONE);
        assertThat(record.outcome()).isEqualTo(Outcome.NOT_NEEDED);
    }

    @Test
    void aThrowingActionIsRecordedAsFailedAndTheNextViolationMayRetry() {
        actions.failWith(new IllegalStateException("backend down"));
        ActionRecord failed = handler.handle(Violation.tooLong(CALL), "m1");
        actions.failWith(null);

        ActionRecord retried = handler.handle(Violation.tooLong(CALL), "m2");

        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.detail()).contains("backend down");
        assertThat(retried.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(actions.performed).containsExactly("startBackup " + CALL);
    }

    @Test
    void anActionThatWasNotNeededDoesNotSettleTheAttempt() {
        actions.answerNextWith(RemediationActions.ActionResult.notNeeded("a backup is running"));
        ActionRecord notNeeded = handler.handle(Violation.tooLong(CALL), "m1");

        ActionRecord later = handler.handle(Violation.tooLong(CALL), "m2");

        assertThat(notNeeded.detail()).isEqualTo("a backup is running");
        assertThat(later.outcome()).isEqualTo(Outcome.APPLIED);
    }

    @Test
    void memoryIsBounded() {
        ViolationHandler small = handler(5, 2);
        String other1 = INSTANCE + "-0-M001-00001";
        String other2 = INSTANCE + "-0-M001-00002";
        actions.knowing(other1, other2);
        ViolationMessage v = Violation.tooLong(CALL);
        small.handle(v, "m1");
        small.handle(Violation.tooLong(other1), "m2");
        small.handle(Violation.tooLong(other2), "m3");

        ActionRecord forgotten = small.handle(v, "m1");

        assertThat(forgotten.outcome()).isEqualTo(Outcome.APPLIED);
    }
}
