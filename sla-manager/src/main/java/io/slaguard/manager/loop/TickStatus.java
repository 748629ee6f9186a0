package io.slaguard.manager.loop;

import java.time.Instant;
import java.util.List;

/** What the last tick learnt about the metrics source: how many guarantees stayed unknown, and why. */
public record TickStatus(Instant tick, int unknownGuarantees, List<String> errors) {
    public TickStatus {
        errors = List.copyOf(errors);
    }
}
