package io.slaguard.remediation;

import java.time.Clock;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.slaguard.protocol.Ids;
import io.slaguard.protocol.ViolationMessage;
import io.slaguard.protocol.Violations;
import io.slaguard.remediation.RemediationActions.ActionResult;
import io.slaguard.remediation.RemediationActions.Outcome;

/**
 * Turns one decoded violation into at most one action (docs/architecture.md#remediation) and says what happened. Deduplicates by message
 * id and by (guarantee, key, attempt), both in bounded memory, so a redelivered or repeated violation is a no-op
 * while a later attempt that straggles too can still be acted on. Calls are serialised: the memory is checked and
 * updated around the action, and one consumer delivers one message at a time anyway.
 */
final class ViolationHandler {
    private static final Logger log = LoggerFactory.getLogger(ViolationHandler.class);

    private final RemediationActions actions;
    private final int maxAttempts;
    private final RecentKeys<String> handledMessages;
    private final RecentKeys<ActedOn> actedOn;
    private final Clock clock;

    /** The action of a violation and the call id or instance it applies to. */
    private record Target(String action, String key) {
        boolean onCall() {
            return action.equals(Violations.ACTION_START_BACKUP) || action.equals(Violations.ACTION_REINVOKE);
        }
    }

    private record ActedOn(String guarantee, String key, int attempt) {
    }

    ViolationHandler(RemediationActions actions, int maxAttempts, int memory, Clock clock) {
        this.actions = actions;
        this.maxAttempts = maxAttempts;
        this.handledMessages = new RecentKeys<>(memory);
        this.actedOn = new RecentKeys<>(memory);
        this.clock = clock;
    }

    /**
     * Decides, applies, and returns the record of one violation.
     *
     * @param amqpMessageId the AMQP {@code message_id}; the violation id stands in when it is absent
     */
    synchronized ActionRecord handle(ViolationMessage violation, String amqpMessageId) {
        String messageId = amqpMessageId == null || amqpMessageId.isBlank() ? violation.violationId() : amqpMessageId;
        Target target = targetOf(violation);
        if (messageId != null && !handledMessages.add(messageId)) {
            return record(violation, target, messageId, ActionResult.notNeeded("duplicate: message " + messageId + " was handled already"));
        }
        return record(violation, target, messageId, decide(violation, target));
    }

    private ActionResult decide(ViolationMessage violation, Target target) {
        if (target.action().equals(Violations.ACTION_NONE)) {
            return ActionResult.notNeeded("no remediation for guarantee " + violation.guarantee());
        }
        String owner = ownerOf(target);
        if (owner == null) {
            return ActionResult.notNeeded("key '" + target.key() + "' is not " + (target.onCall() ? "a call id" : "an instance"));
        }
        if (!owner.equals(actions.instance())) {
            return ActionResult.notNeeded("key belongs to instance " + owner + ", not to " + actions.instance());
        }
        int attempt;
        if (target.onCall()) {
            Integer current = attempt(target.key());
            if (current == null) {
                return ActionResult.failed("could not read the attempt of " + target.key());
            }
            attempt = current;
        } else {
            attempt = 0; // cancelling an instance is done once
        }
        if (attempt < 0) {
            return ActionResult.notNeeded("call " + target.key() + " is unknown to this executor");
        }
        ActedOn once = new ActedOn(violation.guarantee(), target.key(), attempt);
        if (actedOn.contains(once)) {
            return ActionResult.notNeeded("duplicate: " + violation.guarantee() + " of " + target.key()
                    + " was acted on already for attempt " + attempt);
        }
        ActionResult result = apply(violation, target, attempt);
        if (result.outcome() == Outcome.APPLIED) {
            // only an applied action settles the attempt: "not needed" or "failed" may change with the call's state
            actedOn.add(once);
        }
        return result;
    }

    private ActionResult apply(ViolationMessage violation, Target target, int attempt) {
        return switch (target.action()) {
            case Violations.ACTION_START_BACKUP -> attempt + 1 >= maxAttempts
                    ? ActionResult.refused("attempt cap: call has " + (attempt + 1) + " attempt(s), maxAttempts " + maxAttempts)
                    : call(target, () -> actions.startBackup(target.key()));
            case Violations.ACTION_REINVOKE -> call(target, () -> actions.reinvoke(target.key()));
            case Violations.ACTION_CANCEL_INSTANCE -> call(target, () -> actions.cancelInstance(costReason(violation)));
            default -> throw new IllegalStateException("unknown action " + target.action());
        };
    }

    private Integer attempt(String callId) {
        try {
            return actions.currentAttempt(callId);
        } catch (RuntimeException e) {
            log.warn("reading the attempt of {} failed", callId, e);
            return null;
        }
    }

    private static ActionResult call(Target target, Supplier<ActionResult> action) {
        try {
            ActionResult result = action.get();
            return result == null ? ActionResult.failed(target.action() + " returned no result") : result;
        } catch (RuntimeException e) {
            log.warn("{} of {} failed", target.action(), target.key(), e);
            return ActionResult.failed(target.action() + " threw " + e);
        }
    }

    private static Target targetOf(ViolationMessage v) {
        return switch (v.guarantee()) {
            case Violations.TOO_LONG -> new Target(Violations.ACTION_START_BACKUP, v.key());
            case Violations.NOT_STARTED -> new Target(Violations.ACTION_REINVOKE, v.notStarted() != null ? v.notStarted() : v.key());
            case Violations.TOO_COSTLY -> new Target(Violations.ACTION_CANCEL_INSTANCE, v.key());
            default -> new Target(Violations.ACTION_NONE, v.key());
        };
    }

    private static String ownerOf(Target target) {
        if (target.onCall()) {
            return Ids.isCallId(target.key()) ? Ids.parseCall(target.key()).instance() : null;
        }
        return Ids.isInstance(target.key()) ? target.key() : null;
    }

    private static String costReason(ViolationMessage v) {
        return "tooCostly: agreement " + v.agreementId() + " reports cost " + v.value() + " (violation " + v.violationId() + ")";
    }

    private ActionRecord record(ViolationMessage v, Target target, String messageId, ActionResult result) {
        return new ActionRecord(v.guarantee(), target.key(), target.action(), result.outcome(), result.detail(),
                messageId, clock.instant());
    }
}
