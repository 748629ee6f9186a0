package io.slaguard.manager.model;

/** An agreement in SLALite's shape. */
public record Agreement(String id, String name, AgreementState state, Assessment assessment, Details details) {
    public Agreement withState(AgreementState newState) {
        return new Agreement(id, name, newState, assessment, details);
    }

    public Agreement withAssessment(Assessment newAssessment) {
        return new Agreement(id, name, state, newAssessment, details);
    }
}
