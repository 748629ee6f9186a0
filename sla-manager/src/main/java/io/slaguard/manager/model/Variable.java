package io.slaguard.manager.model;

/** A named PromQL expression that constraints refer to. {@code metric} is stored decoded, as the user meant it. */
public record Variable(String name, String metric) {
}
