package io.slaguard.manager.api;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.slaguard.manager.api.LearningViews.HistoryView;
import io.slaguard.manager.api.LearningViews.ModelView;
import io.slaguard.manager.api.LearningViews.PredictionView;
import io.slaguard.manager.api.LearningViews.RetrainView;
import io.slaguard.manager.learning.history.AttemptHistory;
import io.slaguard.manager.learning.models.CallFeatures;
import io.slaguard.manager.learning.models.ModelReport;
import io.slaguard.manager.learning.training.ModelStore;
import io.slaguard.manager.learning.training.ServedModels;
import io.slaguard.manager.learning.training.TrainingScheduler;
import io.slaguard.protocol.Learning;
import io.slaguard.protocol.Learning.Fields;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The learning plane's routes: the models and their accuracy, predictions on demand, the history, retraining. */
@RestController
@Tag(name = "learning")
@ConditionalOnProperty(name = "sla.learning.enabled", havingValue = "true", matchIfMissing = true)
public class LearningController {
    static final int MAX_LIMIT = 1000;
    /** A retraining longer than this answers 202 and goes on in the background. */
    static final long RETRAIN_WAIT_SECONDS = 60;

    private final ModelStore store;
    private final ServedModels served;
    private final AttemptHistory history;
    private final TrainingScheduler training;

    public LearningController(ModelStore store, ServedModels served, AttemptHistory history,
                              TrainingScheduler training) {
        this.store = store;
        this.served = served;
        this.history = history;
        this.training = training;
    }

    @GetMapping(path = Learning.ROUTE_MODELS, produces = "application/json")
    @Operation(summary = "Every stored model version per function, newest first, with its accuracy against the baseline",
            description = "`held_out_mae_seconds` is the model's mean absolute error on history held out of its"
                    + " training, `baseline_mae_seconds` the function's mean duration's on the same attempts."
                    + " `servable`: it did not lose to the baseline; `serving`: it is the version whose predictions"
                    + " the manager exports now.")
    @ApiResponse(responseCode = "200", description = "model versions", content = @Content(examples = @ExampleObject(
            value = MODELS_EXAMPLE)))
    public List<ModelView> models(@RequestParam(name = Fields.FUNCTION_NAME, required = false) String functionName) {
        return store.reports().stream().map(ModelStore.StoredReport::report)
                .filter(r -> functionName == null || r.functionName().equals(functionName))
                .map(r -> ModelView.of(r, served.report(r.functionName()).map(s -> s.version() == r.version())
                        .orElse(false)))
                .toList();
    }

    @GetMapping(path = Learning.ROUTE_PREDICTIONS, produces = "application/json")
    @Operation(summary = "The served model's predicted duration of a call of a function, for the given features",
            description = "Features left out, negative or not finite count as unknown (the answer echoes them as"
                    + " null). 404 while no model of the function is served: agreements then use their evidence"
                    + " rules.")
    @ApiResponse(responseCode = "200", description = "the prediction", content = @Content(examples = @ExampleObject(
            value = PREDICTION_EXAMPLE)))
    public PredictionView predict(
            @Parameter(example = "wordcount") @RequestParam(name = Fields.FUNCTION_NAME) String functionName,
            @Parameter(example = "1024") @RequestParam(name = Fields.MEMORY_MB, required = false) String memoryMb,
            @Parameter(example = "52428800") @RequestParam(name = Fields.INPUT_BYTES, required = false) String inputBytes,
            @Parameter(example = "100") @RequestParam(name = Fields.JOB_TOTAL_CALLS, required = false)
            String jobTotalCalls) {
        CallFeatures features = new CallFeatures(number(Fields.MEMORY_MB, memoryMb),
                number(Fields.INPUT_BYTES, inputBytes), number(Fields.JOB_TOTAL_CALLS, jobTotalCalls));
        return served.predict(functionName, features)
                .map(p -> PredictionView.of(functionName, features.values(), p))
                .orElseThrow(() -> ApiException.notFound("served model of function", functionName));
    }

    @GetMapping(path = Learning.ROUTE_HISTORY, produces = "application/json")
    @Operation(summary = "The newest finished attempts the history recorded, newest first",
            description = "One row per attempt (instance, call, attempt), with its outcome (`ended`: success or"
                    + " error, which the telemetry does not tell apart; `cancelled` by remediation), its features"
                    + " and, where it was profiled, the profiler's summary.")
    public List<HistoryView> history(@RequestParam(name = Fields.FUNCTION_NAME, required = false) String functionName,
                                     @RequestParam(name = Fields.LIMIT, defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit must be between 1 and " + MAX_LIMIT);
        }
        return history.latest(functionName, limit).stream().map(HistoryView::of).toList();
    }

    @PostMapping(path = Learning.ROUTE_RETRAIN, produces = "application/json")
    @Operation(summary = "Retrain now, from the history, the given function's model (every function's without one)",
            description = "Runs on the training thread, never on the assessment's; answers 200 with what was trained,"
                    + " or 202 when training takes longer than a minute and goes on in the background. A new version"
                    + " is served only when it does not lose to its baseline.")
    @ApiResponse(responseCode = "200", description = "the versions trained", content = @Content(examples =
            @ExampleObject(value = RETRAIN_EXAMPLE)))
    @ApiResponse(responseCode = "202", description = "still training; GET /models shows the result")
    public ResponseEntity<RetrainView> retrain(
            @RequestParam(name = Fields.FUNCTION_NAME, required = false) String functionName) {
        Future<List<ModelReport>> trained = training.retrain(functionName == null ? List.of() : List.of(functionName));
        try {
            List<ModelReport> reports = trained.get(RETRAIN_WAIT_SECONDS, TimeUnit.SECONDS);
            return ResponseEntity.ok(new RetrainView(reports.stream()
                    .map(r -> ModelView.of(r, served.report(r.functionName())
                            .map(s -> s.version() == r.version()).orElse(false))).toList()));
        } catch (TimeoutException e) {
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(new RetrainView(List.of()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "interrupted while training");
        } catch (ExecutionException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "training failed: " + e.getCause().getMessage());
        }
    }

    /** A feature given as text: absent is unknown (NaN); anything but a number is refused. */
    private static double number(String name, String text) {
        if (text == null || text.isBlank()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a number, got '" + text + "'");
        }
    }

    static final String MODELS_EXAMPLE = """
            [{"function_name": "wordcount", "version": 3, "trained_at": "2026-12-06T08:10:00Z", "samples": 240,
              "features": ["memory_mb", "input_bytes", "job_total_calls"], "kind": "xgboost",
              "held_out_mae_seconds": 0.41, "baseline_mae_seconds": 2.9, "p95_coverage": 0.94,
              "servable": true, "serving": true,
              "reason": "xgboost's held-out MAE 0.410 s beats the mean duration's 2.900 s"}]""";

    static final String PREDICTION_EXAMPLE = """
            {"function_name": "wordcount", "memory_mb": 1024.0, "input_bytes": 52428800.0, "job_total_calls": 100.0,
             "p50_seconds": 12.3, "p95_seconds": 14.8, "source": "xgboost", "model_version": 3}""";

    static final String RETRAIN_EXAMPLE = """
            {"trained": [{"function_name": "wordcount", "version": 4, "trained_at": "2026-12-06T08:20:00Z",
              "samples": 260, "features": [], "kind": "empirical", "held_out_mae_seconds": 0.2,
              "baseline_mae_seconds": 0.25, "p95_coverage": 0.95, "servable": true, "serving": true,
              "reason": "no feature varies among the training samples; the empirical quantiles are served"}]}""";
}
