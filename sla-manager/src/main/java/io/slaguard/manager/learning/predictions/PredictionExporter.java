package io.slaguard.manager.learning.predictions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.slaguard.manager.assessment.MetricsSource.MetricsSourceException;
import io.slaguard.manager.learning.models.DurationPrediction;
import io.slaguard.manager.learning.models.ModelReport;
import io.slaguard.manager.learning.telemetry.TelemetryReader;
import io.slaguard.manager.learning.training.ServedModels;
import io.slaguard.protocol.Learning;

/**
 * Exports the served models' predictions as series on the manager's metrics endpoint, where Prometheus scrapes them
 * and agreements use them like any other series: each running call's predicted p50/p95 duration, each instance's
 * forecast final cost, and each served model's version and errors. Each pass replaces the whole set, so a call that
 * finished, or a function whose model is gone, leaves no series behind. When Prometheus cannot be read, the series
 * are withdrawn rather than left to age: agreements then fall back to their evidence rules.
 */
public final class PredictionExporter {
    private static final Logger log = LoggerFactory.getLogger(PredictionExporter.class);

    private final TelemetryReader telemetry;
    private final ServedModels models;
    private final MultiGauge p50;
    private final MultiGauge p95;
    private final MultiGauge forecastCost;
    private final MultiGauge modelMae;
    private final MultiGauge modelVersion;
    private final MultiGauge liveMae;
    private boolean failing;

    public PredictionExporter(TelemetryReader telemetry, ServedModels models, MeterRegistry registry) {
        this.telemetry = telemetry;
        this.models = models;
        this.p50 = gauge(registry, Learning.PREDICTED_DURATION_P50, "predicted median duration of a running call");
        this.p95 = gauge(registry, Learning.PREDICTED_DURATION_P95,
                "predicted 95th-percentile duration of a running call");
        this.forecastCost = gauge(registry, Learning.FORECAST_COST, "forecast final cost of an instance in MB·s:"
                + " finished attempts at their cost, running ones at least at their predicted median, calls not"
                + " started at their predicted median");
        this.modelMae = gauge(registry, Learning.MODEL_MAE,
                "held-out mean absolute error of the served model and of its baseline (the function's mean duration)");
        this.modelVersion = gauge(registry, Learning.MODEL_VERSION, "version of the served model of a function");
        this.liveMae = gauge(registry, Learning.LIVE_MAE,
                "mean absolute error of the served median on attempts that ended since it was served");
    }

    private static MultiGauge gauge(MeterRegistry registry, String name, String help) {
        // no base unit: Micrometer would append it, and the wire name already ends with it
        return MultiGauge.builder(name).description(help).register(registry);
    }

    /** One pass; returns the running calls with a prediction. */
    public int pass() {
        exportModels();
        Forecast.Result result;
        try {
            result = Forecast.of(telemetry.read(), models::predictAll);
            if (failing) {
                log.info("predictions: exporting again");
                failing = false;
            }
        } catch (MetricsSourceException | RuntimeException e) {
            if (!failing) {
                log.warn("predictions: cannot read the telemetry, predictions withdrawn until it can: {}", e.getMessage());
                failing = true;
            }
            result = new Forecast.Result(List.of(), Map.of());
        }
        p50.register(callRows(result.running(), DurationPrediction::p50Seconds), true);
        p95.register(callRows(result.running(), DurationPrediction::p95Seconds), true);
        List<MultiGauge.Row<?>> costs = new ArrayList<>();
        result.costByInstance().forEach((instance, cost) ->
                costs.add(MultiGauge.Row.of(Tags.of(Learning.LABEL_INSTANCE, instance), cost)));
        forecastCost.register(costs, true);
        return result.running().size();
    }

    private static List<MultiGauge.Row<?>> callRows(List<CallPrediction> calls, ToDoubleFunction<DurationPrediction> value) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>(calls.size());
        for (CallPrediction call : calls) {
            double seconds = value.applyAsDouble(call.prediction());
            if (Double.isFinite(seconds)) {
                rows.add(MultiGauge.Row.of(Tags.of(Learning.LABEL_INSTANCE, call.instance(), Learning.LABEL_JOB_ID,
                        call.jobId(), Learning.LABEL_CALL_ID, call.callId(), Learning.LABEL_FUNCTION_NAME,
                        call.functionName()), seconds));
            }
        }
        return rows;
    }

    private void exportModels() {
        List<MultiGauge.Row<?>> mae = new ArrayList<>();
        List<MultiGauge.Row<?>> versions = new ArrayList<>();
        List<MultiGauge.Row<?>> live = new ArrayList<>();
        for (ModelReport report : models.reports()) {
            Tags function = Tags.of(Learning.LABEL_FUNCTION_NAME, report.functionName());
            mae.add(MultiGauge.Row.of(function.and(Learning.LABEL_OF, Learning.OF_MODEL), report.heldOutMae()));
            mae.add(MultiGauge.Row.of(function.and(Learning.LABEL_OF, Learning.OF_BASELINE), report.baselineMae()));
            versions.add(MultiGauge.Row.of(function, report.version()));
            double liveError = models.liveMae(report.functionName());
            if (Double.isFinite(liveError)) {
                live.add(MultiGauge.Row.of(function, liveError));
            }
        }
        modelMae.register(mae, true);
        modelVersion.register(versions, true);
        liveMae.register(live, true);
    }
}
