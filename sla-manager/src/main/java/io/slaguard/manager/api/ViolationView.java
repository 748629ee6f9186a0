package io.slaguard.manager.api;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.slaguard.manager.model.Violation;

/** A stored violation as the API returns it. */
public record ViolationView(String id, @JsonProperty("agreement_id") String agreementId, String guarantee,
                            Instant datetime, String key, String resource, double value, Map<String, String> labels) {
    static ViolationView of(Violation v) {
        return new ViolationView(v.id(), v.agreementId(), v.guarantee(), v.datetime(), v.key(), v.resource(),
                v.value(), v.labels());
    }
}
