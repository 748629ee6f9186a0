package io.slaguard.manager.assessment;

import java.util.List;
import java.util.Locale;

import io.slaguard.manager.assessment.MetricsSource.MetricsSourceException;
import io.slaguard.manager.assessment.ViolationQueryCompiler.CompiledQuery;
import io.slaguard.manager.model.Agreement;
import io.slaguard.manager.model.Guarantee;
import io.slaguard.manager.model.Predictor;

/**
 * The violation queries of an agreement, as the loop sends them: each guarantee compiled with the agreement's
 * predictor, else the global one, for the version of Prometheus that answers (asked only when it matters).
 */
final class AgreementQueries {
    private final MetricsSource source;
    private final Predictor defaultPredictor;
    private final ViolationQueryCompiler compiler = new ViolationQueryCompiler();

    AgreementQueries(MetricsSource source, Predictor defaultPredictor) {
        this.source = source;
        this.defaultPredictor = defaultPredictor;
    }

    /**
     * @throws MetricsSourceException when Prometheus' version is needed and cannot be read
     * @throws IllegalArgumentException when the guarantee cannot be compiled
     */
    CompiledQuery compile(Agreement agreement, Guarantee guarantee) throws MetricsSourceException {
        Predictor predictor = agreement.details().predictor() != null ? agreement.details().predictor()
                : defaultPredictor;
        return compiler.compile(agreement.details(), guarantee, predictor, prometheusMajorVersion(predictor));
    }

    static List<Guarantee> guarantees(Agreement agreement) {
        return agreement.details() == null ? List.of() : agreement.details().guarantees();
    }

    /** Only holt_winters depends on the version; other compilations never ask Prometheus. */
    private int prometheusMajorVersion(Predictor predictor) throws MetricsSourceException {
        if (predictor == null || predictor.type() == null
                || !Predictor.HOLT_WINTERS.equals(predictor.type().toLowerCase(Locale.ROOT))) {
            return PrometheusVersion.ASSUMED_MAJOR;
        }
        return PrometheusVersion.major(source.version());
    }
}
