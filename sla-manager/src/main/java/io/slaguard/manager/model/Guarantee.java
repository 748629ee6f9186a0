package io.slaguard.manager.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A constraint that must hold. {@code forDuration} (JSON {@code "for"}, e.g. {@code "15s"}) is how long a key
 * must violate it continuously before a violation fires; null means at once.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Guarantee(String name, String constraint, @JsonProperty("for") String forDuration) {
}
