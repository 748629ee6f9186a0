package io.slaguard.manager.assessment;

import java.util.List;

import io.slaguard.manager.model.KeyValue;

/**
 * A guarantee's violation query as the loop sends it, with what the compiler did to the variables; with an
 * evaluation, the violating series it returns (one per key, capped like {@code last_values}) or why it could
 * not be evaluated.
 *
 * @param query     null when the guarantee cannot be compiled
 * @param violating null unless evaluated
 * @param error     null unless compiling or evaluating failed
 */
public record GuaranteeQuery(String guarantee, String query, List<String> notes, List<KeyValue> violating,
                             String error) {
}
