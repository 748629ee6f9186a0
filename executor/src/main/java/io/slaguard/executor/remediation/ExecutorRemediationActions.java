package io.slaguard.executor.remediation;

import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.slaguard.executor.engine.CallEngine;
import io.slaguard.remediation.RemediationActions;

/** The executor's side of remediation: each action is applied to the engine's calls, logged and counted. */
public final class ExecutorRemediationActions implements RemediationActions {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorRemediationActions.class);

    private final CallEngine engine;
    private final RemediationStats stats;

    public ExecutorRemediationActions(CallEngine engine, RemediationStats stats) {
        this.engine = engine;
        this.stats = stats;
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
        return apply(RemediationStats.BACKUP, callId, () -> engine.startBackup(callId));
    }

    @Override
    public ActionResult reinvoke(String callId) {
        return apply(RemediationStats.REINVOKE, callId, () -> engine.reinvoke(callId));
    }

    @Override
    public ActionResult cancelInstance(String reason) {
        return apply(RemediationStats.CANCEL_INSTANCE, engine.instance(), () -> engine.cancelInstance(reason));
    }

    private ActionResult apply(String action, String target, Supplier<ActionResult> body) {
        ActionResult result;
        try {
            result = body.get();
        } catch (RuntimeException e) {
            LOG.error("remediation {} of {} failed", action, target, e);
            result = ActionResult.failed(e.toString());
        }
        stats.record(action, result.outcome());
        if (result.outcome() == Outcome.APPLIED) {
            LOG.info("remediation {} {}: {}", action, target, result.detail());
        } else {
            LOG.info("remediation {} {}: {} ({})", action, target, result.outcome().name().toLowerCase(),
                    result.detail());
        }
        return result;
    }
}
