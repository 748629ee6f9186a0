package io.slaguard.manager.model;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Assessment state of an agreement, by guarantee name. Written by the loop only; ignored on input. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Assessment(@JsonProperty("first_execution") Instant firstExecution,
                         @JsonProperty("last_execution") Instant lastExecution,
                         Map<String, GuaranteeAssessment> guarantees) {
    public Assessment {
        guarantees = guarantees == null ? Map.of() : Map.copyOf(guarantees);
    }

    public static Assessment empty() {
        return new Assessment(null, null, Map.of());
    }
}
