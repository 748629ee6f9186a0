package io.slaguard.manager.assessment;

import static io.slaguard.manager.assessment.ShippedGuaranteesTest.agreement;
import static io.slaguard.manager.assessment.ShippedGuaranteesTest.assertValues;
import static io.slaguard.manager.assessment.ShippedGuaranteesTest.tick;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.slaguard.manager.model.Guarantee;
import io.slaguard.manager.model.Variable;
import io.slaguard.testsupport.EngineKind;
import io.slaguard.testsupport.MonitoringStack;

/**
 * The compiler's PromQL forms, evaluated by real Prometheus and VictoriaMetrics on literal series (no scraped data
 * needed): both give the same violations, except for NaN, which VictoriaMetrics drops from every result.
 */
class CompiledQueriesOnEnginesTest {
    // a and b are declared in opposite call orders: pairing goes by labels, never by position
    private static final Variable A = new Variable("a", series("c1", 10, "c2", 20));
    private static final Variable B = new Variable("b", series("c2", 4, "c1", 5));

    private static EngineAssessors engines;

    @BeforeAll
    static void engines() {
        engines = new EngineAssessors(MonitoringStack.shared());
    }

    /** Literal series, one per call: {@code series("c1", 10, "c2", 20)}. */
    private static String series(Object... callAndValue) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < callAndValue.length; i += 2) {
            parts.add("label_replace(vector(" + callAndValue[i + 1] + "), \"call_id\", \"" + callAndValue[i]
                    + "\", \"\", \"\")");
        }
        return String.join(" or ", parts);
    }

    /** On both engines, {@code constraint} over a and b fires exactly these keys with these values. */
    private static void fires(String constraint, Map<String, Double> expected) {
        EngineAssessors.forEach(engines.assess(agreement("literal", List.of(A, B), null,
                new Guarantee("g", constraint, null)), tick()), outcome -> {
            assertThat(outcome.errors()).isEmpty();
            assertValues(outcome.fired(), expected);
        });
    }

    @Test
    void vectorsArePairedByLabels() {
        fires("a / b < 3", Map.of("c2", 5.0));
        fires("a < b * 3", Map.of("c2", 20.0));
    }

    @Test
    void aVariableOnTheRightKeepsItsOwnValue() {
        fires("15 > a", Map.of("c2", 20.0));
        fires("5 != b", Map.of("c1", 5.0));
    }

    @Test
    void conjunctionsAndDisjunctions() {
        fires("a < 15 && b < 5", Map.of("c1", 5.0, "c2", 20.0));
        fires("a < 15 || b < 5", Map.of());
        fires("a < 15 || b < 3", Map.of("c2", 20.0));
        fires("!(a >= 15)", Map.of("c2", 20.0));
    }

    @Test
    void scalarsAgainstScalarsAndJoinedToVectors() {
        fires("timeNow() < 1000", Map.of("{}", 1.0));
        fires("time() > 1000", Map.of());
        fires("timeNow() < 1000 || a < 15", Map.of("c2", 20.0));
        fires("timeNow() > 1000 || a < 15", Map.of());
        fires("timeNow() < 1000 && a < 15", Map.of("{}", 1.0, "c2", 20.0));
    }

    @Test
    void infinityIsCarriedOnBothAndNanOnlyByPrometheus() {
        var outcomes = engines.assessEach(agreement("odd-values",
                        List.of(new Variable("nan", "vector(NaN)"), new Variable("inf", "vector(+Inf)")), null,
                        new Guarantee("nan", "nan == 0", null), new Guarantee("inf", "inf < 5", null)), tick());

        EngineAssessors.forEach(outcomes, outcome -> assertThat(outcome.fired())
                .filteredOn(v -> v.guarantee().equals("inf"))
                .singleElement().satisfies(v -> assertThat(v.value()).isEqualTo(Double.POSITIVE_INFINITY)));
        assertThat(outcomes.get(EngineKind.PROMETHEUS).fired()).filteredOn(v -> v.guarantee().equals("nan"))
                .singleElement().satisfies(v -> assertThat(v.value()).isNaN());
        // VictoriaMetrics treats NaN as "no value": the series is absent, so nothing violates
        assertThat(outcomes.get(EngineKind.VICTORIA_METRICS).fired()).filteredOn(v -> v.guarantee().equals("nan"))
                .isEmpty();
        EngineAssessors.forEach(outcomes, outcome -> assertThat(outcome.errors()).isEmpty());
    }
}
