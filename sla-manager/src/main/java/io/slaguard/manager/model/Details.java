package io.slaguard.manager.model;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The terms of an agreement (SLALite's {@code details}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Details(String id, String type, String name, Party provider, Party client, Instant creation,
                      Instant expiration, List<Variable> variables, List<Guarantee> guarantees, Predictor predictor) {
    public Details {
        variables = variables == null ? List.of() : List.copyOf(variables);
        guarantees = guarantees == null ? List.of() : List.copyOf(guarantees);
    }
}
