package io.slaguard.manager.assessment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.slaguard.manager.assessment.MetricsSource.MetricsSourceException;
import io.slaguard.manager.assessment.ViolationQueryCompiler.CompiledQuery;
import io.slaguard.manager.model.Agreement;
import io.slaguard.manager.model.Guarantee;
import io.slaguard.manager.model.KeyValue;

/**
 * Every guarantee's violation query of an agreement, for an operator to read or run by hand: the same queries the
 * loop sends. Changes nothing: no key state, no violation. Safe to call from several threads.
 */
public final class QueryExplainer {
    private final AssessmentSettings settings;
    private final AgreementQueries queries;

    /** @param versionSource asked Prometheus' version when a holt_winters predictor applies */
    public QueryExplainer(MetricsSource versionSource, AssessmentSettings settings) {
        this.settings = settings;
        this.queries = new AgreementQueries(versionSource, settings);
    }

    /** With {@code evaluateWith}, each query is also evaluated at {@code at}; without, only compiled. */
    public List<GuaranteeQuery> explain(Agreement agreement, Instant at, MetricsSource evaluateWith) {
        List<GuaranteeQuery> explained = new ArrayList<>();
        for (Guarantee guarantee : AgreementQueries.guarantees(agreement)) {
            CompiledQuery query;
            try {
                query = queries.compile(agreement, guarantee);
            } catch (MetricsSourceException e) {
                explained.add(new GuaranteeQuery(guarantee.name(), null, List.of(), null, e.getMessage()));
                continue;
            } catch (IllegalArgumentException e) {
                explained.add(new GuaranteeQuery(guarantee.name(), null, List.of(), null,
                        "cannot be assessed: " + e.getMessage()));
                continue;
            }
            if (evaluateWith == null) {
                explained.add(new GuaranteeQuery(guarantee.name(), query.promql(), query.notes(), null, null));
                continue;
            }
            try {
                List<KeyValue> violating = SeriesKeys.violatingByKey(evaluateWith.query(query.promql(), at,
                        settings.queryTimeout())).entrySet().stream().limit(settings.maxLastValues())
                        .map(e -> Assessor.shown(e.getKey(), e.getValue(), at))
                        .toList();
                explained.add(new GuaranteeQuery(guarantee.name(), query.promql(), query.notes(), violating, null));
            } catch (MetricsSourceException e) {
                explained.add(new GuaranteeQuery(guarantee.name(), query.promql(), query.notes(), null, e.getMessage()));
            }
        }
        return explained;
    }
}
