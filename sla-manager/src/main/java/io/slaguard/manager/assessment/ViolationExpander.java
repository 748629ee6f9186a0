package io.slaguard.manager.assessment;

import java.time.Instant;
import java.util.List;

import io.slaguard.manager.model.Violation;

/**
 * Turns one fired violation into the violations that are delivered (e.g. a notStarted job into one
 * violation per call that has not started). Runs before the violation is stored, so what the outbox holds
 * is exactly what is sent.
 */
public interface ViolationExpander {

    ViolationExpander NONE = (violation, tick) -> List.of(violation);

    /**
     * @throws MetricsSource.MetricsSourceException when the expansion needs metrics that cannot be read now;
     *         the guarantee then counts as unknown for this tick and nothing fires
     */
    List<Violation> expand(Violation violation, Instant tick) throws MetricsSource.MetricsSourceException;
}
