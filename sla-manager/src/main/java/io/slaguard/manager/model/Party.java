package io.slaguard.manager.model;

/** A provider or client of an agreement. */
public record Party(String id, String name) {
}
