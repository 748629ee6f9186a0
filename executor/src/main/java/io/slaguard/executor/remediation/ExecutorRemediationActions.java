package io.slaguard.executor.remediation;

import io.slaguard.executor.engine.CallEngine;
import io.slaguard.remediation.RemediationActions;

/**
 * The executor's side of remediation: each action is applied to the engine's calls. The consumer that drives it
 * logs, counts and guards each action once, so this side does none of that.
 */
public final class ExecutorRemediationActions implements RemediationActions {
    private final CallEngine engine;

    public ExecutorRemediationActions(CallEngine engine) {
        this.engine = engine;
    }

    @Override
    public String instance() {
        return engine.instance();
    }

    @Override
    public int currentAttempt(String callId) {
        return engine.currentAttempt(callId);
    }

    @Override
    public ActionResult startBackup(String callId) {
        return engine.startBackup(callId);
    }

    @Override
    public ActionResult reinvoke(String callId) {
        return engine.reinvoke(callId);
    }

    @Override
    public ActionResult cancelInstance(String reason) {
        return engine.cancelInstance(reason);
    }
}
