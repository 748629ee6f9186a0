package io.slaguard.executor.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.slaguard.executor.FunctionExecutor;
import io.slaguard.remediation.ActionRecord;
import io.slaguard.protocol.Violations;
import io.slaguard.remediation.RemediationActions.Outcome;
import io.slaguard.remediation.RemediationMetrics;
import io.slaguard.remediation.RemediationListener;

/**
 * The live progress line on stderr, refreshed every second: rewritten in place on a terminal, one plain line per
 * change otherwise (logs, CI). Remediation decisions are printed as lines of their own.
 */
final class ProgressLine implements RemediationListener, AutoCloseable {
    private final PrintStream out;
    private final boolean terminal;
    private final double unitCost;
    private final Clock clock;
    private final Instant begin;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "progress");
        thread.setDaemon(true);
        return thread;
    });
    private volatile FunctionExecutor executor;
    private String lastState = "";

    ProgressLine(PrintStream out, boolean terminal, double unitCost, Clock clock) {
        this.out = out;
        this.terminal = terminal;
        this.unitCost = unitCost;
        this.clock = clock;
        this.begin = clock.instant();
    }

    void follow(FunctionExecutor executor) {
        this.executor = executor;
        ticker.scheduleAtFixedRate(this::render, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public synchronized void onAction(ActionRecord record) {
        clearLine();
        out.printf(Locale.ROOT, "remediation: %s %s %s → %s (%s)%n", record.guarantee(), record.key(), record.action(),
                record.outcome().name().toLowerCase(Locale.ROOT), record.detail());
    }

    synchronized void render() {
        FunctionExecutor current = executor;
        if (current == null) {
            return;
        }
        Instant now = clock.instant();
        RunFigures figures = RunFigures.of(current.calls(), now);
        RemediationMetrics stats = current.remediationMetrics();
        String state = String.format(Locale.ROOT,
                "started %d/%d | done %d | failed %d | relaunched %d | re-invoked %d | cancelled %d%s | cost $%.6f",
                figures.started(), figures.calls(), figures.succeeded(), figures.failed(),
                (long) stats.value(Violations.ACTION_START_BACKUP, Outcome.APPLIED),
                (long) stats.value(Violations.ACTION_REINVOKE, Outcome.APPLIED), figures.cancelledAttempts(),
                figures.cancelled() == 0 ? "" : " (instance cancelled: " + figures.cancelled() + " calls)",
                figures.cost(unitCost));
        String line = String.format(Locale.ROOT, "[%6.1fs] %s", Duration.between(begin, now).toMillis() / 1000.0, state);
        if (terminal) {
            out.print("\r\033[2K" + line);
            out.flush();
        } else if (!state.equals(lastState)) {
            out.println(line);
        }
        lastState = state;
    }

    private void clearLine() {
        if (terminal) {
            out.print("\r\033[2K");
        }
    }

    @Override
    public synchronized void close() {
        ticker.shutdownNow();
        render();
        if (terminal) {
            out.println();
        }
    }
}
