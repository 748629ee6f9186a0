package io.slaguard.manager.api;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;

import tools.jackson.databind.JsonNode;

/** Body of POST /create-agreement, and the shape of the legacy parameter files. */
public record CreateAgreementRequest(@JsonProperty("template_id") @JsonAlias("templateId") String templateId,
                                     JsonNode parameters) {
}
