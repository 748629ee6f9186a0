package io.slaguard.manager.model;

/** A provider registered with the manager. */
public record Provider(String id, String name) {
}
