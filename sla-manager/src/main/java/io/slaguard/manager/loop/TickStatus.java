package io.slaguard.manager.loop;

import java.time.Instant;
import java.util.List;

/**
 * What the last tick learnt: how many guarantees stayed unknown, and why; how many keys the store could not hold
 * (left out of their agreement's outcome), with the first few described.
 */
public record TickStatus(Instant tick, int unknownGuarantees, List<String> errors, int unstorableKeys,
                         List<String> unstorableKeyExamples) {
    public TickStatus {
        errors = List.copyOf(errors);
        unstorableKeyExamples = List.copyOf(unstorableKeyExamples);
    }
}
