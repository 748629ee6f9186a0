package io.slaguard.manager.assessment;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger log = LoggerFactory.getLogger(AgreementQueries.class);
    private static final String SMOOTHING_PROBE = "%s(vector(0)[1m:30s], 0.5, 0.5)";

    private final MetricsSource source;
    private final AssessmentSettings settings;
    private final ViolationQueryCompiler compiler = new ViolationQueryCompiler();
    /** The probe's answer once one function was evaluated; a failed probe is repeated at the next need. */
    private volatile Integer probedMajorVersion;

    AgreementQueries(MetricsSource source, AssessmentSettings settings) {
        this.source = source;
        this.settings = settings;
    }

    /**
     * @throws MetricsSourceException when Prometheus' version is needed and cannot be read
     * @throws IllegalArgumentException when the guarantee cannot be compiled
     */
    CompiledQuery compile(Agreement agreement, Guarantee guarantee) throws MetricsSourceException {
        Predictor predictor = agreement.details().predictor() != null ? agreement.details().predictor()
                : settings.defaultPredictor();
        return compiler.compile(agreement.details(), guarantee, predictor, prometheusMajorVersion(predictor));
    }

    static List<Guarantee> guarantees(Agreement agreement) {
        return agreement.details() == null ? List.of() : agreement.details().guarantees();
    }

    /**
     * Only holt_winters depends on the version; other compilations never ask Prometheus. An engine that reports
     * no version (VictoriaMetrics) is asked once which of the two smoothing functions it evaluates.
     */
    private int prometheusMajorVersion(Predictor predictor) throws MetricsSourceException {
        if (predictor == null || predictor.type() == null
                || !Predictor.HOLT_WINTERS.equals(predictor.type().toLowerCase(Locale.ROOT))) {
            return PrometheusVersion.ASSUMED_MAJOR;
        }
        String version = source.version();
        if (!version.isEmpty()) {
            return PrometheusVersion.major(version);
        }
        Integer probed = probedMajorVersion;
        if (probed == null) {
            probed = probeSmoothingFunction();
            probedMajorVersion = probed;
        }
        return probed;
    }

    /** 2 when the engine evaluates holt_winters, else 3 when it evaluates double_exponential_smoothing. */
    private int probeSmoothingFunction() throws MetricsSourceException {
        Instant now = Instant.now();
        try {
            source.query(SMOOTHING_PROBE.formatted("holt_winters"), now, settings.queryTimeout());
            log.info("the query engine reports no version and evaluates holt_winters: holt_winters predictors use it");
            return 2;
        } catch (MetricsSourceException holtWinters) {
            try {
                source.query(SMOOTHING_PROBE.formatted("double_exponential_smoothing"), now, settings.queryTimeout());
                log.info("the query engine reports no version and evaluates double_exponential_smoothing:"
                        + " holt_winters predictors use it");
                return 3;
            } catch (MetricsSourceException smoothing) {
                throw new MetricsSourceException("the query engine reports no version and evaluates neither"
                        + " holt_winters (" + holtWinters.getMessage() + ") nor double_exponential_smoothing ("
                        + smoothing.getMessage() + ")");
            }
        }
    }
}
