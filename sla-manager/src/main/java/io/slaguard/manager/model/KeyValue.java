package io.slaguard.manager.model;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One violating series of a tick: its key, value, resource ({@code function_name} or "") and labels. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyValue(String key, double value, Instant datetime, String resource, Map<String, String> labels) {
}
