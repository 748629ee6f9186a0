package io.slaguard.executor.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.slaguard.executor.api.AttemptStatus;
import io.slaguard.executor.api.CallStatus;
import io.slaguard.protocol.Violations;
import io.slaguard.remediation.RemediationActions.Outcome;
import io.slaguard.remediation.RemediationMetrics;

/** The table printed when a run ends. */
final class SummaryTable {
    private SummaryTable() {
    }

    static void print(PrintWriter out, String instance, Duration makespan, List<CallStatus> calls, RunFigures figures,
                      RemediationMetrics remediation, double unitCost, boolean profiled) {
        out.println();
        row(out, "instance", instance);
        row(out, "makespan", String.format(Locale.ROOT, "%.2f s", makespan.toMillis() / 1000.0));
        row(out, "calls", String.format(Locale.ROOT, "%d (succeeded %d, failed %d, cancelled %d)", figures.calls(),
                figures.succeeded(), figures.failed(), figures.cancelled()));
        row(out, "attempts", Integer.toString(figures.attempts()));
        row(out, "relaunches", Long.toString((long) remediation.value(Violations.ACTION_START_BACKUP, Outcome.APPLIED)));
        row(out, "re-invocations", Long.toString((long) remediation.value(Violations.ACTION_REINVOKE, Outcome.APPLIED)));
        row(out, "cancelled attempts", Integer.toString(figures.cancelledAttempts()));
        row(out, "instance cancelled", remediation.value(Violations.ACTION_CANCEL_INSTANCE, Outcome.APPLIED) > 0 ? "yes" : "no");
        row(out, "estimated cost", String.format(Locale.ROOT, "$%.6f (%.1f MB·s at $%s per MB·s)",
                figures.cost(unitCost), figures.memorySeconds(), unitCost));
        if (profiled) {
            out.println();
            out.printf(Locale.ROOT, "%-24s %8s %10s %9s %8s %9s %9s%n", "call", "attempt", "duration s", "peak MB",
                    "cpu s", "read MB", "write MB");
            for (CallStatus call : calls) {
                for (AttemptStatus attempt : call.attempts()) {
                    if (attempt.profile() == null) {
                        continue;
                    }
                    Duration duration = attempt.start() == null || attempt.end() == null ? Duration.ZERO
                            : Duration.between(attempt.start(), attempt.end());
                    out.printf(Locale.ROOT, "%-24s %8d %10.2f %9.1f %8.2f %9.2f %9.2f%n", call.callId(), attempt.attempt(),
                            duration.toMillis() / 1000.0, attempt.profile().peakMemoryMb(), attempt.profile().cpuSeconds(),
                            attempt.profile().readMb(), attempt.profile().writtenMb());
                }
            }
        }
        List<CallStatus> failed = calls.stream().filter(c -> c.state() != io.slaguard.executor.api.CallState.SUCCEEDED).toList();
        if (!failed.isEmpty()) {
            out.println();
            for (CallStatus call : failed) {
                AttemptStatus last = call.attempts().isEmpty() ? null : call.attempts().get(call.attempts().size() - 1);
                out.printf(Locale.ROOT, "%-24s %-9s %s%n", call.callId(), call.state().name().toLowerCase(Locale.ROOT),
                        last == null || last.error() == null ? "" : last.error() + (last.exitCode() == null ? "" : " exit " + last.exitCode())
                                + (last.message() == null ? "" : ": " + firstLine(last.message())));
            }
        }
    }

    private static void row(PrintWriter out, String name, String value) {
        out.printf(Locale.ROOT, "%-20s %s%n", name, value);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline) + " …";
    }
}
