package io.slaguard.manager.model;

/** Lifecycle of an agreement. Only {@code started} is assessed; nothing leaves {@code terminated}. */
public enum AgreementState {
    started, stopped, terminated
}
