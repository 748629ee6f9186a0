package io.slaguard.protocol;

/**
 * Names of the learning plane: the series the manager exports on its own metrics endpoint (Prometheus scrapes it
 * with {@code honor_labels: false}, so the {@code instance} label below arrives as {@code exported_instance}, as on
 * the workers' series), and the outcomes recorded in the history of finished attempts.
 */
public final class Learning {
    private Learning() {
    }

    /** Gauge, per running call: the served model's median duration of the call, seconds. */
    public static final String PREDICTED_DURATION_P50 = "sla_predicted_duration_p50_seconds";
    /** Gauge, per running call: the served model's 95th-percentile duration of the call, seconds. */
    public static final String PREDICTED_DURATION_P95 = "sla_predicted_duration_p95_seconds";
    /**
     * Gauge, per instance with calls: its forecast final cost in MB·s. Finished attempts at their cost, running ones
     * at the larger of their age and their predicted median, calls not started at their predicted median (nothing
     * where no model is served): never below what the instance has spent.
     */
    public static final String FORECAST_COST = "sla_forecast_cost_mb_seconds";
    /** Gauge, per function: mean absolute error on the held-out history, by {@code of}: the model or its baseline. */
    public static final String MODEL_MAE = "sla_model_mae_seconds";
    /** Gauge, per function: version of the served model. */
    public static final String MODEL_VERSION = "sla_model_version";
    /**
     * Gauge, per function: mean absolute error of the served model's median on the attempts the history recorded
     * since it was served (live error, next to the held-out one).
     */
    public static final String LIVE_MAE = "sla_model_live_mae_seconds";
    /** Counter: finished attempts the history recorded (Micrometer adds {@code _total}). */
    public static final String HISTORY_RECORDED = "sla_history_attempts_recorded";

    // labels; instance, job_id, call_id and function_name are the lifecycle telemetry's names
    public static final String LABEL_INSTANCE = Telemetry.INSTANCE;
    public static final String LABEL_JOB_ID = Telemetry.JOB_ID;
    public static final String LABEL_CALL_ID = Telemetry.CALL_ID;
    public static final String LABEL_FUNCTION_NAME = Telemetry.FUNCTION_NAME;
    public static final String LABEL_OF = "of";
    public static final String OF_MODEL = "model";
    public static final String OF_BASELINE = "baseline";

    /**
     * Outcome of a finished attempt: it ended ({@code function_end}). The lifecycle telemetry does not tell success
     * from error (Lithops pushes {@code function_end} for both), so neither does the history.
     */
    public static final String OUTCOME_ENDED = "ended";
    /** Outcome of a finished attempt: remediation stopped it ({@code function_cancel}). */
    public static final String OUTCOME_CANCELLED = "cancelled";
}
