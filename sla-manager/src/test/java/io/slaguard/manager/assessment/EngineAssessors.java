package io.slaguard.manager.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import io.slaguard.manager.model.Agreement;
import io.slaguard.manager.model.GuaranteeAssessment;
import io.slaguard.manager.model.KeyValue;
import io.slaguard.manager.model.Violation;
import io.slaguard.testsupport.EngineKind;
import io.slaguard.testsupport.MonitoringStack;
import io.slaguard.testsupport.QueryEngine;

/**
 * One assessor per query engine of a stack (Prometheus and VictoriaMetrics, both scraping its one Pushgateway):
 * an agreement is assessed on each at the same instant, and the engines must agree on every guarantee: the same
 * state, the same violating keys (fired and pending) with the same resource, and values equal within
 * {@link #TOLERANCE}.
 */
final class EngineAssessors {
    /**
     * Difference allowed between the engines' values: relative, or absolute below 1. VictoriaMetrics stores sample
     * values as decimals and may return a pushed epoch timestamp one float64 step (2.4e-7 near 1.8e9 s) off the
     * pushed double, so a difference of timestamps (a duration, seconds past a deadline) may differ by a few such
     * steps: 26.600000143 against 26.599999905 s was seen.
     */
    static final double TOLERANCE = 1e-6;

    private final Map<EngineKind, Assessor> assessors = new LinkedHashMap<>();

    EngineAssessors(MonitoringStack stack) {
        for (QueryEngine engine : stack.engines()) {
            assessors.put(engine.kind(), new Assessor(new PrometheusMetricsSource(engine.url(),
                    PrometheusSettings.anonymous()), AssessmentSettings.defaults(), ViolationExpander.NONE));
        }
    }

    /** Assesses {@code agreement} with no previous key states on every engine at {@code tick}; they agree. */
    Map<EngineKind, AgreementOutcome> assess(Agreement agreement, Instant tick) {
        Map<EngineKind, AgreementOutcome> outcomes = assessEach(agreement, tick);
        assertAgree(outcomes);
        return outcomes;
    }

    /** The same, without requiring the engines to agree: for where they are known to differ. */
    Map<EngineKind, AgreementOutcome> assessEach(Agreement agreement, Instant tick) {
        Map<EngineKind, AgreementOutcome> outcomes = new LinkedHashMap<>();
        assessors.forEach((engine, assessor) -> outcomes.put(engine, assessor.assess(agreement, List.of(), tick)));
        return outcomes;
    }

    /** Assesses again at {@code tick}, each engine from its own previous outcome. */
    Map<EngineKind, AgreementOutcome> assessAfter(Map<EngineKind, AgreementOutcome> previous, Instant tick) {
        Map<EngineKind, AgreementOutcome> outcomes = new LinkedHashMap<>();
        assessors.forEach((engine, assessor) -> outcomes.put(engine, assessor.assess(previous.get(engine).agreement(),
                previous.get(engine).keyStates(), tick)));
        assertAgree(outcomes);
        return outcomes;
    }

    /** Runs the same checks on each engine's outcome; a failure names the engine. */
    static void forEach(Map<EngineKind, AgreementOutcome> outcomes, Consumer<AgreementOutcome> check) {
        outcomes.forEach((engine, outcome) -> {
            try {
                check.accept(outcome);
            } catch (AssertionError e) {
                throw new AssertionError("on " + engine + ": " + e.getMessage(), e);
            }
        });
    }

    private static void assertAgree(Map<EngineKind, AgreementOutcome> outcomes) {
        AgreementOutcome reference = outcomes.get(EngineKind.PROMETHEUS);
        outcomes.forEach((engine, outcome) -> {
            String on = engine + " vs Prometheus";
            assertThat(outcome.errors()).as(on + ": errors").hasSameSizeAs(reference.errors());
            Map<String, GuaranteeAssessment> expected = reference.agreement().assessment().guarantees();
            Map<String, GuaranteeAssessment> actual = outcome.agreement().assessment().guarantees();
            assertThat(actual.keySet()).as(on).isEqualTo(expected.keySet());
            expected.forEach((guarantee, assessment) -> {
                assertThat(actual.get(guarantee).state()).as(on + ": state of " + guarantee)
                        .isEqualTo(assessment.state());
                assertSameValues(on + ": last values of " + guarantee, lastValues(actual.get(guarantee)),
                        lastValues(assessment));
            });
            assertSameValues(on + ": fired", fired(outcome), fired(reference));
            assertThat(resources(outcome)).as(on + ": resources").isEqualTo(resources(reference));
        });
    }

    private static void assertSameValues(String what, Map<String, Double> actual, Map<String, Double> expected) {
        assertThat(actual.keySet()).as(what).isEqualTo(expected.keySet());
        expected.forEach((key, value) -> assertThat(same(actual.get(key), value))
                .as("%s: %s is %s, expected %s", what, key, actual.get(key), value).isTrue());
    }

    static boolean same(double a, double b) {
        return Double.compare(a, b) == 0
                || Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }

    private static Map<String, Double> lastValues(GuaranteeAssessment assessment) {
        Map<String, Double> values = new TreeMap<>();
        for (KeyValue v : assessment.lastValues()) {
            values.put(v.key(), v.value());
        }
        return values;
    }

    private static Map<String, Double> fired(AgreementOutcome outcome) {
        Map<String, Double> values = new TreeMap<>();
        for (Violation v : outcome.fired()) {
            values.put(v.guarantee() + " " + v.key(), v.value());
        }
        return values;
    }

    private static Map<String, String> resources(AgreementOutcome outcome) {
        Map<String, String> resources = new TreeMap<>();
        for (Violation v : outcome.fired()) {
            resources.put(v.guarantee() + " " + v.key(), v.resource());
        }
        return resources;
    }
}
