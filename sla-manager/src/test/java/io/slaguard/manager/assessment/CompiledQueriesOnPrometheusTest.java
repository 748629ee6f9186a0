package io.slaguard.manager.assessment;

import static io.slaguard.manager.assessment.ShippedGuaranteesTest.agreement;
import static io.slaguard.manager.assessment.ShippedGuaranteesTest.assertValues;
import static io.slaguard.manager.assessment.ShippedGuaranteesTest.tick;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.slaguard.manager.model.Guarantee;
import io.slaguard.manager.model.Variable;
import io.slaguard.manager.model.Violation;
import io.slaguard.testsupport.MonitoringStack;

/** The compiler's PromQL forms, evaluated by a real Prometheus on literal series (no scraped data needed). */
class CompiledQueriesOnPrometheusTest {
    // a and b are declared in opposite call orders: pairing goes by labels, never by position
    private static final Variable A = new Variable("a", series("c1", 10, "c2", 20));
    private static final Variable B = new Variable("b", series("c2", 4, "c1", 5));

    private final Assessor assessor = new Assessor(new PrometheusMetricsSource(MonitoringStack.shared().prometheus().url(),
            PrometheusSettings.anonymous()), AssessmentSettings.defaults(), ViolationExpander.NONE);

    /** Literal series, one per call: {@code series("c1", 10, "c2", 20)}. */
    private static String series(Object... callAndValue) {
        List<String> parts = new java.util.ArrayList<>();
        for (int i = 0; i < callAndValue.length; i += 2) {
            parts.add("label_replace(vector(" + callAndValue[i + 1] + "), \"call_id\", \"" + callAndValue[i]
                    + "\", \"\", \"\")");
        }
        return String.join(" or ", parts);
    }

    private List<Violation> fired(String constraint) {
        AgreementOutcome outcome = assessor.assess(agreement("literal", List.of(A, B), null,
                new Guarantee("g", constraint, null)), List.of(), tick());
        assertThat(outcome.errors()).isEmpty();
        return outcome.fired();
    }

    @Test
    void vectorsArePairedByLabels() {
        assertValues(fired("a / b < 3"), Map.of("c2", 5.0));
        assertValues(fired("a < b * 3"), Map.of("c2", 20.0));
    }

    @Test
    void aVariableOnTheRightKeepsItsOwnValue() {
        assertValues(fired("15 > a"), Map.of("c2", 20.0));
        assertValues(fired("5 != b"), Map.of("c1", 5.0));
    }

    @Test
    void conjunctionsAndDisjunctions() {
        assertValues(fired("a < 15 && b < 5"), Map.of("c1", 5.0, "c2", 20.0));
        assertValues(fired("a < 15 || b < 5"), Map.of());
        assertValues(fired("a < 15 || b < 3"), Map.of("c2", 20.0));
        assertValues(fired("!(a >= 15)"), Map.of("c2", 20.0));
    }

    @Test
    void scalarsAgainstScalarsAndJoinedToVectors() {
        assertValues(fired("timeNow() < 1000"), Map.of("{}", 1.0));
        assertValues(fired("time() > 1000"), Map.of());
        assertValues(fired("timeNow() < 1000 || a < 15"), Map.of("c2", 20.0));
        assertValues(fired("timeNow() > 1000 || a < 15"), Map.of());
        assertValues(fired("timeNow() < 1000 && a < 15"), Map.of("{}", 1.0, "c2", 20.0));
    }

    @Test
    void nanAndInfinityAreCarried() {
        AgreementOutcome outcome = assessor.assess(agreement("odd-values",
                        List.of(new Variable("nan", "vector(NaN)"), new Variable("inf", "vector(+Inf)")), null,
                        new Guarantee("nan", "nan == 0", null), new Guarantee("inf", "inf < 5", null)),
                List.of(), tick());

        assertThat(outcome.fired()).filteredOn(v -> v.guarantee().equals("nan"))
                .singleElement().satisfies(v -> assertThat(v.value()).isNaN());
        assertThat(outcome.fired()).filteredOn(v -> v.guarantee().equals("inf"))
                .singleElement().satisfies(v -> assertThat(v.value()).isEqualTo(Double.POSITIVE_INFINITY));
    }
}
