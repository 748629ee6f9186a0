package io.slaguard.manager.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import tools.jackson.databind.JsonNode;

/**
 * An agreement template: {@code details} (a JSON tree, since any string may be a placeholder) with {@code {{.NAME}}} placeholders in its strings, and a schema per
 * parameter. {@code version} is the content hash of the file it came from, if any.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Template(String id, String name, Map<String, ParameterSpec> parameters, JsonNode details,
                       String version) {
    public Template {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    /** Schema of one template parameter. {@code type}: {@code number} or {@code string}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ParameterSpec(String type, Double min, Double max, String description,
                                @JsonProperty("default") Object defaultValue) {
    }
}
