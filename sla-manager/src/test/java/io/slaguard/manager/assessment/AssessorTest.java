package io.slaguard.manager.assessment;

import static io.slaguard.manager.assessment.FakeMetricsSource.sample;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.slaguard.manager.assessment.MetricsSource.MetricsSourceException;
import io.slaguard.manager.model.Agreement;
import io.slaguard.manager.model.AgreementState;
import io.slaguard.manager.model.Assessment;
import io.slaguard.manager.model.Details;
import io.slaguard.manager.model.Guarantee;
import io.slaguard.manager.model.GuaranteeAssessment;
import io.slaguard.manager.model.GuaranteeState;
import io.slaguard.manager.model.KeyState;
import io.slaguard.manager.model.KeyValue;
import io.slaguard.manager.model.Predictor;
import io.slaguard.manager.model.Variable;
import io.slaguard.manager.model.Violation;

/** The for / transient / unknown logic on scripted query answers. */
class AssessorTest {
    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
    private final FakeMetricsSource source = new FakeMetricsSource();

    private static Agreement agreement(String forDuration, Guarantee... more) {
        List<Guarantee> guarantees = new ArrayList<>();
        guarantees.add(new Guarantee("slow", "latency < 5", forDuration));
        guarantees.addAll(List.of(more));
        return new Agreement("a1", "a1", AgreementState.started, Assessment.empty(),
                new Details("a1", "agreement", "a1", null, null, null, null,
                        List.of(new Variable("latency", "latency_metric"), new Variable("errors", "error_metric")),
                        guarantees, null));
    }

    private Assessor assessor(Duration transientTime) {
        return assessor(transientTime, ViolationExpander.NONE);
    }

    private Assessor assessor(Duration transientTime, ViolationExpander expander) {
        return new Assessor(source, new AssessmentSettings(transientTime, null, Duration.ofSeconds(1), 3), expander);
    }

    private void violating(String... callIds) {
        List<MetricsSource.Sample> samples = new ArrayList<>();
        for (String call : callIds) {
            samples.add(sample(7, "call_id", call, "function_name", "fn"));
        }
        source.returns("latency_metric", samples.toArray(MetricsSource.Sample[]::new));
    }

    /** Runs ticks T0 + each offset (seconds), feeding key states forward; returns the keys fired per tick. */
    private List<List<String>> ticks(Assessor assessor, Agreement agreement, Runnable[] scripts, int... offsets) {
        List<List<String>> firedPerTick = new ArrayList<>();
        List<KeyState> states = List.of();
        for (int i = 0; i < offsets.length; i++) {
            scripts[i].run();
            AgreementOutcome outcome = assessor.assess(agreement, states, T0.plusSeconds(offsets[i]));
            agreement = outcome.agreement();
            states = outcome.keyStates();
            firedPerTick.add(outcome.fired().stream().map(Violation::key).sorted().toList());
        }
        return firedPerTick;
    }

    @Test
    void aKeyFiresOnceItHasViolatedForItsForWithoutABreak() {
        Runnable on = () -> violating("c1");
        Runnable off = () -> violating();
        assertThat(ticks(assessor(Duration.ZERO), agreement("10s"), new Runnable[] {on, on, on, off, on, on, on},
                0, 5, 10, 15, 20, 25, 30))
                .containsExactly(List.of(), List.of(), List.of("c1"), List.of(), List.of(), List.of(), List.of("c1"));
    }

    @Test
    void withoutTransientTimeAViolatingKeyFiresEveryTickAndWithItOncePerPeriodPerKey() {
        Runnable one = () -> violating("c1");
        Runnable both = () -> violating("c1", "c2");
        assertThat(ticks(assessor(Duration.ZERO), agreement(null), new Runnable[] {one, one}, 0, 10))
                .containsExactly(List.of("c1"), List.of("c1"));
        assertThat(ticks(assessor(Duration.ofSeconds(30)), agreement(null),
                new Runnable[] {one, both, both, both, both}, 0, 10, 20, 30, 40))
                .containsExactly(List.of("c1"), List.of("c2"), List.of(), List.of("c1"), List.of("c2"));
    }

    @Test
    void theTransientTimeOutlivesABreakInTheViolation() {
        Runnable on = () -> violating("c1");
        Runnable off = () -> violating();
        assertThat(ticks(assessor(Duration.ofSeconds(30)), agreement(null), new Runnable[] {on, off, on, on},
                0, 10, 20, 30)).containsExactly(List.of("c1"), List.of(), List.of(), List.of("c1"));
    }

    @Test
    void keyStatesRecordSinceWhenAndLastFire() {
        violating("c1");
        Assessor assessor = assessor(Duration.ofSeconds(30));
        AgreementOutcome first = assessor.assess(agreement("10s"), List.of(), T0);
        assertThat(first.keyStates()).containsExactly(new KeyState("a1", "slow", "c1", T0, null));
        AgreementOutcome fired = assessor.assess(first.agreement(), first.keyStates(), T0.plusSeconds(10));
        assertThat(fired.keyStates()).containsExactly(new KeyState("a1", "slow", "c1", T0, T0.plusSeconds(10)));
        violating();
        AgreementOutcome stopped = assessor.assess(fired.agreement(), fired.keyStates(), T0.plusSeconds(20));
        assertThat(stopped.keyStates()).containsExactly(new KeyState("a1", "slow", "c1", null, T0.plusSeconds(10)));
        AgreementOutcome forgotten = assessor.assess(stopped.agreement(), stopped.keyStates(), T0.plusSeconds(40));
        assertThat(forgotten.keyStates()).isEmpty();
    }

    @Test
    void aFailedQueryIsUnknownFiresNothingAndKeepsTheKeyStates() {
        violating("c1");
        Assessor assessor = assessor(Duration.ZERO);
        AgreementOutcome first = assessor.assess(agreement("10s"), List.of(), T0);
        source.when("latency_metric", (q, t) -> {
            throw new MetricsSourceException("Prometheus at http://p/ unreachable: refused");
        });
        AgreementOutcome failed = assessor.assess(first.agreement(), first.keyStates(), T0.plusSeconds(10));
        assertThat(failed.fired()).isEmpty();
        assertThat(failed.keyStates()).isEqualTo(first.keyStates());
        GuaranteeAssessment slow = failed.agreement().assessment().guarantees().get("slow");
        assertThat(slow.state()).isEqualTo(GuaranteeState.unknown);
        assertThat(slow.error()).isEqualTo("Prometheus at http://p/ unreachable: refused");
        assertThat(slow.firstExecution()).isEqualTo(T0);
        assertThat(slow.lastExecution()).isEqualTo(T0.plusSeconds(10));
        assertThat(failed.errors()).containsExactly("guarantee 'slow': Prometheus at http://p/ unreachable: refused");
        // the outage did not reset for: the key still violates since T0
        violating("c1");
        AgreementOutcome back = assessor.assess(failed.agreement(), failed.keyStates(), T0.plusSeconds(20));
        assertThat(back.fired()).extracting(Violation::key).containsExactly("c1");
    }

    @Test
    void aFailingExpanderMakesTheGuaranteeUnknownWithNothingFired() {
        violating("c1");
        ViolationExpander failing = (v, tick) -> {
            throw new MetricsSourceException("cannot list calls");
        };
        AgreementOutcome outcome = assessor(Duration.ZERO, failing).assess(agreement(null), List.of(), T0);
        assertThat(outcome.fired()).isEmpty();
        assertThat(outcome.keyStates()).isEmpty();
        assertThat(outcome.agreement().assessment().guarantees().get("slow").state()).isEqualTo(GuaranteeState.unknown);
        assertThat(outcome.errors()).containsExactly("guarantee 'slow': cannot list calls");
    }

    @Test
    void firedViolationsAreExpandedAndCarryTheSeries() {
        violating("c1");
        ViolationExpander twice = (v, tick) -> List.of(v, new Violation(v.id() + "-b", v.agreementId(), v.guarantee(),
                tick, v.key() + "-b", v.resource(), v.value(), v.labels()));
        AgreementOutcome outcome = assessor(Duration.ZERO, twice).assess(agreement(null), List.of(), T0);
        assertThat(outcome.fired()).extracting(Violation::key).containsExactly("c1", "c1-b");
        Violation violation = outcome.fired().get(0);
        assertThat(violation.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(violation.agreementId()).isEqualTo("a1");
        assertThat(violation.guarantee()).isEqualTo("slow");
        assertThat(violation.datetime()).isEqualTo(T0);
        assertThat(violation.resource()).isEqualTo("fn");
        assertThat(violation.value()).isEqualTo(7);
        assertThat(violation.labels()).containsEntry("call_id", "c1");
        GuaranteeAssessment slow = outcome.agreement().assessment().guarantees().get("slow");
        assertThat(slow.state()).isEqualTo(GuaranteeState.violated);
        assertThat(slow.lastViolation()).isEqualTo(T0);
    }

    @Test
    void anEmptyExpansionFiresNothingAndStartsNoTransientTime() {
        violating("c1");
        ViolationExpander nothingLeft = (v, tick) -> List.of();
        AgreementOutcome outcome = assessor(Duration.ofMinutes(1), nothingLeft).assess(agreement(null), List.of(), T0);
        assertThat(outcome.fired()).isEmpty();
        assertThat(outcome.keyStates()).containsExactly(new KeyState("a1", "slow", "c1", T0, null));
        assertThat(outcome.agreement().assessment().guarantees().get("slow").lastViolation()).isNull();
    }

    @Test
    void oneViolationPerKeyWithTheGreatestValueAndNaNCarried() {
        source.returns("latency_metric",
                sample(6, "call_id", "c1", "pid", "1"), sample(9, "call_id", "c1", "pid", "2"),
                sample(Double.NaN, "call_id", "c2", "pid", "1"), sample(Double.NaN, "call_id", "c3"),
                sample(Double.POSITIVE_INFINITY, "job_id", "j1"));
        AgreementOutcome outcome = assessor(Duration.ZERO).assess(agreement(null), List.of(), T0);
        assertThat(outcome.fired()).extracting(Violation::key, Violation::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("c1", 9.0), org.assertj.core.groups.Tuple.tuple("c2", Double.NaN),
                org.assertj.core.groups.Tuple.tuple("c3", Double.NaN),
                org.assertj.core.groups.Tuple.tuple("j1", Double.POSITIVE_INFINITY));
        assertThat(outcome.fired().get(0).labels()).containsEntry("pid", "2");
    }

    @Test
    void lastValuesHoldThisTicksViolatingKeysOnlyCappedAndPendingIncluded() {
        violating("c1", "c2", "c3", "c4");
        Assessor assessor = assessor(Duration.ZERO);
        AgreementOutcome first = assessor.assess(agreement("1h"), List.of(), T0);
        GuaranteeAssessment slow = first.agreement().assessment().guarantees().get("slow");
        assertThat(slow.lastValues()).extracting(KeyValue::key).containsExactly("c1", "c2", "c3");
        assertThat(slow.state()).isEqualTo(GuaranteeState.ok);
        assertThat(first.keyStates()).hasSize(4);
        violating("c4");
        AgreementOutcome second = assessor.assess(first.agreement(), first.keyStates(), T0.plusSeconds(10));
        assertThat(second.agreement().assessment().guarantees().get("slow").lastValues())
                .extracting(KeyValue::key).containsExactly("c4");
        assertThat(second.agreement().assessment().firstExecution()).isEqualTo(T0);
        assertThat(second.agreement().assessment().lastExecution()).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void aBrokenGuaranteeLeavesItsSiblingsAlone() {
        violating("c1");
        source.returns("error_metric", sample(3, "job_id", "j1"));
        Agreement agreement = agreement(null, new Guarantee("broken", "latency < (5", null),
                new Guarantee("badFor", "errors < 1", "soon"), new Guarantee("errors", "errors < 1", null));
        AgreementOutcome outcome = assessor(Duration.ZERO).assess(agreement, List.of(), T0);
        assertThat(outcome.fired()).extracting(Violation::guarantee, Violation::key).containsExactly(
                org.assertj.core.groups.Tuple.tuple("slow", "c1"), org.assertj.core.groups.Tuple.tuple("errors", "j1"));
        assertThat(outcome.agreement().assessment().guarantees().get("broken").state()).isEqualTo(GuaranteeState.unknown);
        assertThat(outcome.errors()).containsExactly(
                "guarantee 'broken': cannot be assessed: expected ')' but found end of constraint at position 12",
                "guarantee 'badFor': cannot be assessed: invalid duration 'soon': expected e.g. 10s, 1.5m, 500ms, 2h, 1m30s or a number of seconds");
        // only the guarantees that sent a query have a query time
        assertThat(outcome.queryTimes()).containsOnlyKeys("slow", "errors")
                .allSatisfy((guarantee, took) -> assertThat(took.isNegative()).isFalse());
    }

    @Test
    void aGuaranteeNameDeclaredTwiceIsAssessedOnce() {
        violating("c1");
        source.returns("error_metric", sample(3, "job_id", "j1"));
        AgreementOutcome outcome = assessor(Duration.ZERO).assess(agreement(null, new Guarantee("slow", "errors < 1", null)),
                List.of(), T0);
        assertThat(outcome.fired()).extracting(Violation::key).containsExactly("c1");
        assertThat(outcome.keyStates()).hasSize(1);
        assertThat(outcome.errors()).containsExactly("guarantee 'slow' is declared twice: only the first is assessed");
    }

    @Test
    void theVersionIsAskedOnlyForHoltWintersAndDecidesTheFunction() {
        Agreement plain = agreement(null);
        assessor(Duration.ZERO).assess(plain, List.of(), T0);
        assertThat(source.versionCalls).isZero();
        Details d = plain.details();
        Agreement predicted = new Agreement("a1", "a1", AgreementState.started, Assessment.empty(),
                new Details(d.id(), d.type(), d.name(), null, null, null, null,
                        List.of(new Variable("latency", "latency_metric[1m]")), d.guarantees(),
                        new Predictor(Predictor.HOLT_WINTERS, null, null, null)));
        source.version = "3.1.0";
        assessor(Duration.ZERO).assess(predicted, List.of(), T0);
        assertThat(source.versionCalls).isEqualTo(1);
        assertThat(source.queries.get(source.queries.size() - 1).promql())
                .isEqualTo("(double_exponential_smoothing(latency_metric[1m], 0.5, 0.5)) >= 5");
    }

    @Test
    void anEngineWithoutVersionIsAskedOnceWhichSmoothingFunctionItEvaluates() {
        Details d = agreement(null).details();
        Agreement predicted = new Agreement("a1", "a1", AgreementState.started, Assessment.empty(),
                new Details(d.id(), d.type(), d.name(), null, null, null, null,
                        List.of(new Variable("latency", "latency_metric[1m]")), d.guarantees(),
                        new Predictor(Predictor.HOLT_WINTERS, null, null, null)));
        source.version = "";
        source.when("holt_winters(vector(0)", (q, t) -> {
            throw new MetricsSourceException("unknown func holt_winters");
        });
        source.when("double_exponential_smoothing(vector(0)", (q, t) -> {
            throw new MetricsSourceException("unknown func double_exponential_smoothing");
        });
        Assessor assessor = assessor(Duration.ZERO);

        AgreementOutcome neither = assessor.assess(predicted, List.of(), T0);
        assertThat(neither.agreement().assessment().guarantees().get("slow").state()).isEqualTo(GuaranteeState.unknown);
        assertThat(neither.errors()).singleElement().asString().contains("reports no version and evaluates neither",
                "unknown func holt_winters", "unknown func double_exponential_smoothing");
        assertThat(neither.fired()).isEmpty();

        // VictoriaMetrics: holt_winters is evaluated; the answer is kept, the probe not repeated
        source.when("holt_winters(vector(0)", (q, t) -> List.of(sample(0)));
        assessor.assess(predicted, List.of(), T0);
        long probes = probes();
        assessor.assess(predicted, List.of(), T0.plusSeconds(1));
        assertThat(probes()).isEqualTo(probes);
        assertThat(source.queries.get(source.queries.size() - 1).promql())
                .isEqualTo("(holt_winters(latency_metric[1m], 0.5, 0.5)) >= 5");
    }

    private long probes() {
        return source.queries.stream().filter(q -> q.promql().contains("(vector(0)[1m:30s]")).count();
    }

    @Test
    void removedGuaranteesDisappearWithTheirKeyStates() {
        violating("c1");
        List<KeyState> previous = List.of(new KeyState("a1", "gone", "k", T0, T0), new KeyState("other", "slow", "c1", T0, T0));
        AgreementOutcome outcome = assessor(Duration.ofHours(1)).assess(agreement(null), previous, T0.plusSeconds(1));
        assertThat(outcome.keyStates()).containsExactly(new KeyState("a1", "slow", "c1", T0.plusSeconds(1), T0.plusSeconds(1)));
        assertThat(outcome.agreement().assessment().guarantees()).containsOnlyKeys("slow");
    }
}
