package io.slaguard.manager.api;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.slaguard.manager.model.Details;

/**
 * An agreement as a client sends it. {@code assessment} is deliberately absent: whatever a client puts there is
 * ignored, never trusted. {@code state} is text so a bad value is a validation message, not a parse error.
 */
public record AgreementInput(String id, String name, String state, Details details,
                             @JsonProperty("monitoring_url") @JsonAlias("monitoringUrl") String monitoringUrl) {
}
