package io.slaguard.manager.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.slaguard.manager.model.Details;
import tools.jackson.databind.JsonNode;

/**
 * Answer of POST /create-agreement?dry_run=true: what would be created (the filled and validated terms, every
 * parameter value used) and each guarantee's violation query; nothing is stored.
 */
public record CreateAgreementPreview(@JsonProperty("template_id") String templateId,
                                     @JsonProperty("agreement_id") String agreementId,
                                     Map<String, JsonNode> parameters, Details details,
                                     List<GuaranteeQueryView> queries) {
}
