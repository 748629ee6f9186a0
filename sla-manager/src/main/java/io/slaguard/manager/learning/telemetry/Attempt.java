package io.slaguard.manager.learning.telemetry;

import io.slaguard.protocol.Learning;

/**
 * One attempt of a call as the lifecycle telemetry shows it; times are epoch seconds, NaN where not pushed.
 *
 * @param instance the worker's instance ({@code exported_instance} after the scrape)
 */
public record Attempt(String instance, String jobId, String callId, int attempt, String functionName, double start,
                      double end, double cancel) {

    public CallKey call() {
        return new CallKey(instance, callId);
    }

    public JobKey job() {
        return new JobKey(instance, jobId);
    }

    public boolean finished() {
        return !Double.isNaN(end) || !Double.isNaN(cancel);
    }

    /** Ended when its end came first (or alone), cancelled otherwise, as the tooCostly template counts it. */
    public boolean cancelled() {
        return !Double.isNaN(cancel) && (Double.isNaN(end) || cancel < end);
    }

    /** When it finished; NaN while running. */
    public double finishedAt() {
        return cancelled() ? cancel : end;
    }

    public String outcome() {
        return cancelled() ? Learning.OUTCOME_CANCELLED : Learning.OUTCOME_ENDED;
    }

    /** Seconds it ran: to its finish, or to {@code now} while running. */
    public double secondsRun(double now) {
        return (finished() ? finishedAt() : now) - start;
    }
}
