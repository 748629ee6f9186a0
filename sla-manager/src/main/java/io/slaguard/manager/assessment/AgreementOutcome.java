package io.slaguard.manager.assessment;

import java.util.List;

import io.slaguard.manager.model.Agreement;
import io.slaguard.manager.model.KeyState;
import io.slaguard.manager.model.Violation;

/**
 * What one tick concluded for one agreement, to be persisted in one transaction: the agreement with its updated
 * assessment, the violations that fired (already expanded), the full replacement of the agreement's key states,
 * and the errors of guarantees whose state is unknown.
 */
public record AgreementOutcome(Agreement agreement, List<Violation> fired, List<KeyState> keyStates,
                               List<String> errors) {
    public AgreementOutcome {
        fired = List.copyOf(fired);
        keyStates = List.copyOf(keyStates);
        errors = List.copyOf(errors);
    }
}
