package io.slaguard.manager.model;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the loop knows of one guarantee. {@code lastValues} holds the violating keys of the last tick only
 * (bounded); {@code error} the last query error when the state is unknown.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GuaranteeAssessment(@JsonProperty("first_execution") Instant firstExecution,
                                  @JsonProperty("last_execution") Instant lastExecution,
                                  GuaranteeState state,
                                  String error,
                                  @JsonProperty("last_values") List<KeyValue> lastValues,
                                  @JsonProperty("last_violation") Instant lastViolation) {
    public GuaranteeAssessment {
        lastValues = lastValues == null ? List.of() : List.copyOf(lastValues);
    }
}
