package io.slaguard.manager.model;

import java.time.Instant;
import java.util.Map;

/**
 * A fired violation of one guarantee by one key. Stored with the assessment state in one transaction and
 * delivered through the outbox. {@code key}: call_id, else job_id, else exported_instance, else the sorted
 * label set; {@code resource}: function_name or "".
 */
public record Violation(String id, String agreementId, String guarantee, Instant datetime, String key,
                        String resource, double value, Map<String, String> labels) {
    public Violation {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
