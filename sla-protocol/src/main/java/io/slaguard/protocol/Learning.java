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

    /** Routes of the manager's REST API that serve the learning plane (other processes read predictions there). */
    public static final String ROUTE_MODELS = "/models";
    public static final String ROUTE_RETRAIN = "/models/retrain";
    public static final String ROUTE_PREDICTIONS = "/predictions";
    public static final String ROUTE_HISTORY = "/history";

    /** JSON field and query parameter names of those routes. */
    public static final class Fields {
        private Fields() {
        }

        public static final String FUNCTION_NAME = "function_name";
        public static final String MEMORY_MB = "memory_mb";
        public static final String INPUT_BYTES = "input_bytes";
        public static final String JOB_TOTAL_CALLS = "job_total_calls";
        public static final String P50_SECONDS = "p50_seconds";
        public static final String P95_SECONDS = "p95_seconds";
        public static final String SOURCE = "source";
        public static final String MODEL_VERSION = "model_version";
        public static final String VERSION = "version";
        public static final String TRAINED_AT = "trained_at";
        public static final String SAMPLES = "samples";
        public static final String FEATURES = "features";
        public static final String KIND = "kind";
        public static final String HELD_OUT_MAE_SECONDS = "held_out_mae_seconds";
        public static final String BASELINE_MAE_SECONDS = "baseline_mae_seconds";
        public static final String P95_COVERAGE = "p95_coverage";
        public static final String SERVABLE = "servable";
        public static final String SERVING = "serving";
        public static final String REASON = "reason";
        public static final String INSTANCE = "instance";
        public static final String JOB_ID = "job_id";
        public static final String CALL_ID = "call_id";
        public static final String ATTEMPT = "attempt";
        public static final String STARTED_AT = "started_at";
        public static final String ENDED_AT = "ended_at";
        public static final String DURATION_SECONDS = "duration_seconds";
        public static final String OUTCOME = "outcome";
        public static final String CPU_MEAN_PERCENT = "cpu_mean_percent";
        public static final String CPU_PEAK_PERCENT = "cpu_peak_percent";
        public static final String MEMORY_PEAK_MB = "memory_peak_mb";
        public static final String DISK_MB = "disk_mb";
        public static final String NETWORK_MB = "network_mb";
        public static final String LIMIT = "limit";
        public static final String TRAINED = "trained";
    }
}
