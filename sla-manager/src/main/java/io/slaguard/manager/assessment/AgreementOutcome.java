package io.slaguard.manager.assessment;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.slaguard.manager.model.Agreement;
import io.slaguard.manager.model.KeyState;
import io.slaguard.manager.model.Violation;

/**
 * What one tick concluded for one agreement, to be persisted in one transaction: the agreement with its updated
 * assessment, the violations that fired (already expanded), the full replacement of the agreement's key states,
 * and the errors of guarantees whose state is unknown; besides, for the manager's metrics, how long each
 * guarantee waited for its violation query (guarantees that sent none are absent).
 */
public record AgreementOutcome(Agreement agreement, List<Violation> fired, List<KeyState> keyStates,
                               List<String> errors, Map<String, Duration> queryTimes) {
    public AgreementOutcome {
        fired = List.copyOf(fired);
        keyStates = List.copyOf(keyStates);
        errors = List.copyOf(errors);
        queryTimes = Map.copyOf(queryTimes);
    }
}
