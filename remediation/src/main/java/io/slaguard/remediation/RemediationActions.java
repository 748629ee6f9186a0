package io.slaguard.remediation;

/**
 * What remediation can do to the calls of one executor instance; the executor implements it.
 * Every method decides and applies at once, and returns what it did; the consumer records the result
 * before acknowledging the violation.
 */
public interface RemediationActions {

    /** The instance whose calls these actions reach. */
    String instance();

    /** Newest attempt number of the call (0 = first run), or -1 when the call is unknown here. */
    int currentAttempt(String callId);

    /** tooLong: start a backup attempt of a running call (first success wins, the losers are cancelled). */
    ActionResult startBackup(String callId);

    /** notStarted: invoke the call again if it has still not started. */
    ActionResult reinvoke(String callId);

    /** tooCostly: cancel every running attempt and pending call; the instance refuses new jobs. */
    ActionResult cancelInstance(String reason);

    /** The outcome of one action, for logs, counters and the CLI. */
    record ActionResult(Outcome outcome, String detail) {
        public static ActionResult applied(String detail) {
            return new ActionResult(Outcome.APPLIED, detail);
        }

        public static ActionResult notNeeded(String detail) {
            return new ActionResult(Outcome.NOT_NEEDED, detail);
        }

        public static ActionResult refused(String detail) {
            return new ActionResult(Outcome.REFUSED, detail);
        }

        public static ActionResult failed(String detail) {
            return new ActionResult(Outcome.FAILED, detail);
        }
    }

    /** APPLIED: done. NOT_NEEDED: the call had finished / already started / has a backup. REFUSED: a cap. FAILED: tried and failed. */
    enum Outcome {
        APPLIED, NOT_NEEDED, REFUSED, FAILED
    }
}
