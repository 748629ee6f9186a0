package io.slaguard.manager.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.slaguard.manager.learning.history.HistoryRow;
import io.slaguard.manager.learning.models.DurationPrediction;
import io.slaguard.manager.learning.models.ModelReport;
import io.slaguard.protocol.Learning.Fields;

/** What the learning routes return. */
final class LearningViews {
    private LearningViews() {
    }

    /** A stored model version, with its accuracy against the baseline, and whether it is the one served now. */
    record ModelView(@JsonProperty(Fields.FUNCTION_NAME) String functionName,
                     @JsonProperty(Fields.VERSION) long version,
                     @JsonProperty(Fields.TRAINED_AT) Instant trainedAt,
                     @JsonProperty(Fields.SAMPLES) int samples,
                     @JsonProperty(Fields.FEATURES) List<String> features,
                     @JsonProperty(Fields.KIND) String kind,
                     @JsonProperty(Fields.HELD_OUT_MAE_SECONDS) double heldOutMaeSeconds,
                     @JsonProperty(Fields.BASELINE_MAE_SECONDS) double baselineMaeSeconds,
                     @JsonProperty(Fields.P95_COVERAGE) double p95Coverage,
                     @JsonProperty(Fields.SERVABLE) boolean servable,
                     @JsonProperty(Fields.SERVING) boolean serving,
                     @JsonProperty(Fields.REASON) String reason) {
        static ModelView of(ModelReport r, boolean serving) {
            return new ModelView(r.functionName(), r.version(), r.trainedAt(), r.samples(), r.features(), r.kind(),
                    r.heldOutMae(), r.baselineMae(), r.p95Coverage(), r.served(), serving, r.reason());
        }
    }

    /** The features a prediction was made from (null: unknown), and the prediction. */
    record PredictionView(@JsonProperty(Fields.FUNCTION_NAME) String functionName,
                          @JsonProperty(Fields.MEMORY_MB) Double memoryMb,
                          @JsonProperty(Fields.INPUT_BYTES) Double inputBytes,
                          @JsonProperty(Fields.JOB_TOTAL_CALLS) Double jobTotalCalls,
                          @JsonProperty(Fields.P50_SECONDS) double p50Seconds,
                          @JsonProperty(Fields.P95_SECONDS) double p95Seconds,
                          @JsonProperty(Fields.SOURCE) String source,
                          @JsonProperty(Fields.MODEL_VERSION) long modelVersion) {
        static PredictionView of(String functionName, double[] features, DurationPrediction p) {
            return new PredictionView(functionName, known(features[0]), known(features[1]), known(features[2]),
                    p.p50Seconds(), p.p95Seconds(), p.source(), p.modelVersion());
        }

        private static Double known(double value) {
            return Double.isNaN(value) ? null : value;
        }
    }

    /** One finished attempt of the history. */
    record HistoryView(@JsonProperty(Fields.INSTANCE) String instance, @JsonProperty(Fields.JOB_ID) String jobId,
                       @JsonProperty(Fields.CALL_ID) String callId, @JsonProperty(Fields.ATTEMPT) int attempt,
                       @JsonProperty(Fields.FUNCTION_NAME) String functionName,
                       @JsonProperty(Fields.MEMORY_MB) Double memoryMb,
                       @JsonProperty(Fields.JOB_TOTAL_CALLS) Double jobTotalCalls,
                       @JsonProperty(Fields.INPUT_BYTES) Double inputBytes,
                       @JsonProperty(Fields.STARTED_AT) double startedAt, @JsonProperty(Fields.ENDED_AT) double endedAt,
                       @JsonProperty(Fields.DURATION_SECONDS) double durationSeconds,
                       @JsonProperty(Fields.OUTCOME) String outcome,
                       @JsonProperty(Fields.CPU_MEAN_PERCENT) Double cpuMeanPercent,
                       @JsonProperty(Fields.CPU_PEAK_PERCENT) Double cpuPeakPercent,
                       @JsonProperty(Fields.MEMORY_PEAK_MB) Double memoryPeakMb,
                       @JsonProperty(Fields.DISK_MB) Double diskMb, @JsonProperty(Fields.NETWORK_MB) Double networkMb) {
        static HistoryView of(HistoryRow r) {
            return new HistoryView(r.instance(), r.jobId(), r.callId(), r.attempt(), r.functionName(), r.memoryMb(),
                    r.jobTotalCalls(), r.inputBytes(), r.startedAt(), r.endedAt(), r.durationSeconds(), r.outcome(),
                    r.profile().cpuMeanPercent(), r.profile().cpuPeakPercent(), r.profile().memoryPeakMb(),
                    r.profile().diskMb(), r.profile().networkMb());
        }
    }

    /** What a retraining produced: one report per function trained. */
    record RetrainView(@JsonProperty(Fields.TRAINED) List<ModelView> trained) {
    }
}
