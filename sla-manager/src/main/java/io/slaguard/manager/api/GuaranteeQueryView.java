package io.slaguard.manager.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.slaguard.manager.assessment.GuaranteeQuery;
import io.slaguard.manager.model.KeyValue;

/** A guarantee's violation query as the API shows it ({@code /queries}, {@code /evaluate}, a dry run): absent parts left out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GuaranteeQueryView(String guarantee, String query, List<String> notes, List<KeyValue> violating,
                                 String error) {
    static List<GuaranteeQueryView> of(List<GuaranteeQuery> queries) {
        return queries.stream().map(q -> new GuaranteeQueryView(q.guarantee(), q.query(), q.notes(), q.violating(),
                q.error())).toList();
    }
}
