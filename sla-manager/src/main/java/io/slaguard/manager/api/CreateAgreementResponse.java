package io.slaguard.manager.api;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import tools.jackson.databind.JsonNode;

/** Answer of POST /create-agreement: the template, the new agreement's id and every parameter value used. */
public record CreateAgreementResponse(@JsonProperty("template_id") String templateId,
                                      @JsonProperty("agreement_id") String agreementId,
                                      Map<String, JsonNode> parameters) {
}
