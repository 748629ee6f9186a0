package io.slaguard.manager.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Assess predicted rather than current values: {@code holt_winters} (smoothing {@code sf}, trend {@code tf},
 * both strictly between 0 and 1) or {@code predict_linear} ({@code horizon}, a duration). Applies to
 * variables whose PromQL is a range vector only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Predictor(String type, Double sf, Double tf, String horizon) {
    public static final String HOLT_WINTERS = "holt_winters";
    public static final String PREDICT_LINEAR = "predict_linear";
}
