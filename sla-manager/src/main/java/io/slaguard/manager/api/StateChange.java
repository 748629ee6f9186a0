package io.slaguard.manager.api;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Body of PATCH/PUT /agreements/{id}: the new state and/or monitoring URL; an absent field stays as it is
 * (the original stopped an agreement whose body had no state).
 */
public record StateChange(String state,
                          @JsonProperty("monitoring_url") @JsonAlias("monitoringUrl") String monitoringUrl) {
}
