package io.slaguard.manager.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.slaguard.manager.model.Agreement;
import io.slaguard.manager.model.AgreementState;
import io.slaguard.manager.model.Assessment;
import io.slaguard.manager.model.Details;
import io.slaguard.manager.model.Guarantee;
import io.slaguard.manager.model.GuaranteeAssessment;
import io.slaguard.manager.model.GuaranteeState;
import io.slaguard.manager.model.KeyValue;
import io.slaguard.manager.model.Predictor;
import io.slaguard.manager.model.Variable;
import io.slaguard.manager.model.Violation;
import io.slaguard.protocol.Ids;
import io.slaguard.protocol.Telemetry;
import io.slaguard.protocol.Times;
import io.slaguard.testsupport.EngineKind;
import io.slaguard.testsupport.MonitoringStack;
import io.slaguard.testsupport.QueryEngine;

/**
 * The shipped templates against real query engines, Prometheus and VictoriaMetrics, both scraping one real
 * Pushgateway that holds Lithops-shaped telemetry: each agreement is assessed on both at the same tick, both must
 * agree (see {@link EngineAssessors}) and each must give the expected violations. Each test uses fresh instances and
 * only looks at violations of its own instances (the stack is shared); timestamps are relative to now and expected
 * values are computed from the tick passed in.
 */
class ShippedGuaranteesTest {
    private static final double UNITCOST = 1.6276e-8;
    private static final String FN = "summ";

    private static MonitoringStack stack;
    private static LithopsTelemetry telemetry;
    private static EngineAssessors engines;

    @BeforeAll
    static void stack() {
        stack = MonitoringStack.shared();
        telemetry = new LithopsTelemetry(stack, stack.engines());
        engines = new EngineAssessors(stack);
    }

    @Test
    void notStartedFiresAfterItsForWithTheNumberOfCallsNotStarted() {
        String instance = Ids.newInstance();
        String executor = Ids.executorId(instance, 0);
        Ids.JobRef none = Ids.job(executor, Ids.JobKind.MAP, 0);
        Ids.JobRef some = Ids.job(executor, Ids.JobKind.MAP, 1);
        Ids.JobRef all = Ids.job(executor, Ids.JobKind.MAP, 2);
        double base = nowSeconds();
        telemetry.job(instance, none.jobId(), FN, 3, 1024);
        telemetry.job(instance, some.jobId(), FN, 4, 1024);
        // call 0 was relaunched: two attempts started, still one call
        telemetry.start(instance, some.call(0).callId(), FN, 0, base - 5);
        telemetry.start(instance, some.call(0).callId(), FN, 1, base - 2);
        telemetry.start(instance, some.call(1).callId(), FN, 0, base - 5);
        telemetry.job(instance, all.jobId(), FN, 2, 1024);
        for (int i = 0; i < 2; i++) {
            telemetry.start(instance, all.call(i).callId(), FN, 0, base - 5);
            telemetry.end(instance, all.call(i).callId(), FN, 0, base - 4);
        }
        telemetry.awaitScraped(instance);
        Agreement agreement = TemplateFixture.agreement("cloudbutton_notStarted", "notStarted-" + instance, Map.of());

        Instant first = tick();
        Map<EngineKind, AgreementOutcome> pending = engines.assess(agreement, first);
        EngineAssessors.forEach(pending, outcome -> {
            assertThat(fired(outcome, "notStarted", instance)).isEmpty();
            assertThat(lastValues(outcome, "notStarted", instance))
                    .isEqualTo(Map.of(none.jobId(), 3.0, some.jobId(), 2.0));
        });

        // default for: 10 s
        EngineAssessors.forEach(engines.assessAfter(pending, first.plusSeconds(10)), due -> {
            assertValues(fired(due, "notStarted", instance), Map.of(none.jobId(), 3.0, some.jobId(), 2.0));
            assertThat(fired(due, "notStarted", instance)).allSatisfy(v -> assertThat(v.resource()).isEqualTo(FN));
            assertThat(guarantee(due, "notStarted").state()).isEqualTo(GuaranteeState.violated);
        });
    }

    @Test
    void tooLongFlagsOnlyTheStragglerBySecondsPastItsDeadline() {
        String instance = Ids.newInstance();
        Ids.JobRef job = Ids.job(Ids.executorId(instance, 0), Ids.JobKind.MAP, 0);
        Ids.JobRef finished = Ids.job(Ids.executorId(instance, 0), Ids.JobKind.MAP, 1);
        double base = nowSeconds();
        telemetry.job(instance, job.jobId(), FN, 5, 1024);
        double[] durations = {20, 30, 40};
        for (int i = 0; i < durations.length; i++) {
            telemetry.start(instance, job.call(i).callId(), FN, 0, base - 100);
            telemetry.end(instance, job.call(i).callId(), FN, 0, base - 100 + durations[i]);
        }
        double stragglerStart = base - 60;
        telemetry.start(instance, job.call(3).callId(), FN, 0, stragglerStart);
        telemetry.start(instance, job.call(4).callId(), FN, 0, base - 5);
        telemetry.job(instance, finished.jobId(), FN, 1, 1024);
        telemetry.start(instance, finished.call(0).callId(), FN, 0, base - 50);
        telemetry.end(instance, finished.call(0).callId(), FN, 0, base - 40);
        telemetry.awaitScraped(instance);

        Instant tick = tick();
        double deadline = stragglerStart + 1.3 * 30;
        EngineAssessors.forEach(engines.assess(
                TemplateFixture.agreement("cloudbutton_tooLong", "tooLong-" + instance, Map.of()), tick), outcome ->
                assertThat(fired(outcome, "tooLong", instance)).singleElement().satisfies(v -> {
                    assertThat(v.key()).isEqualTo(job.call(3).callId());
                    assertThat(v.value()).isCloseTo(seconds(tick) - deadline, within(1e-3));
                    assertThat(v.resource()).isEqualTo(FN);
                    assertThat(v.datetime()).isEqualTo(tick);
                }));
    }

    /** Both engines honour the staleness markers of a scrape: a deleted group stops violating at once. */
    @Test
    void aStragglerWhoseGroupIsDeletedStopsViolatingOnBothEngines() {
        String instance = Ids.newInstance();
        Ids.JobRef job = Ids.job(Ids.executorId(instance, 0), Ids.JobKind.MAP, 0);
        double base = nowSeconds();
        telemetry.job(instance, job.jobId(), FN, 2, 1024);
        telemetry.start(instance, job.call(0).callId(), FN, 0, base - 100);
        telemetry.end(instance, job.call(0).callId(), FN, 0, base - 90);
        telemetry.start(instance, job.call(1).callId(), FN, 0, base - 60);
        telemetry.awaitScraped(instance);
        Agreement tooLong = TemplateFixture.agreement("cloudbutton_tooLong", "stale-" + instance, Map.of());
        EngineAssessors.forEach(engines.assess(tooLong, tick()), outcome ->
                assertThat(fired(outcome, "tooLong", instance)).extracting(Violation::key)
                        .containsExactly(job.call(1).callId()));

        telemetry.deleteCall(instance, job.call(1).callId(), FN, 0);
        telemetry.awaitScraped(instance);

        EngineAssessors.forEach(engines.assess(tooLong, tick()), outcome ->
                assertThat(fired(outcome, "tooLong", instance)).isEmpty());
    }

    @Test
    void tooCostlyFiresForAnInstanceWhoseRunningCallsCostTooMuch() {
        String costly = Ids.newInstance();
        String cheap = Ids.newInstance();
        Ids.JobRef costlyJob = Ids.job(Ids.executorId(costly, 0), Ids.JobKind.MAP, 0);
        Ids.JobRef cheapJob = Ids.job(Ids.executorId(cheap, 0), Ids.JobKind.MAP, 0);
        double base = nowSeconds();
        telemetry.job(costly, costlyJob.jobId(), FN, 2, 1024);
        telemetry.start(costly, costlyJob.call(0).callId(), FN, 0, base - 20);
        telemetry.start(costly, costlyJob.call(1).callId(), FN, 0, base - 30);
        telemetry.job(cheap, cheapJob.jobId(), FN, 1, 128);
        telemetry.start(cheap, cheapJob.call(0).callId(), FN, 0, base - 10);
        telemetry.end(cheap, cheapJob.call(0).callId(), FN, 0, base - 9);
        telemetry.awaitScraped(costly);
        telemetry.awaitScraped(cheap);

        Instant tick = tick();
        double running = (seconds(tick) - (base - 20)) + (seconds(tick) - (base - 30));
        EngineAssessors.forEach(engines.assess(TemplateFixture.agreement("cloudbutton_tooCostly",
                "tooCostly-" + costly, Map.of("MAXCOST", 0.0001)), tick), outcome ->
                assertThat(fired(outcome, "tooCostly", costly, cheap)).singleElement().satisfies(v -> {
                    assertThat(v.key()).isEqualTo(costly);
                    assertThat(v.value()).isCloseTo(UNITCOST * running * 1024, within(1e-9));
                    assertThat(v.resource()).isEmpty();
                }));
    }

    /** The worked example of docs/architecture.md#toocostly-d-and-r: D = 14, R = 9.3 at the reference instant; cost = (D + R) × 1024 MB·s × UNITCOST. */
    @Test
    void theCombinedTemplateOnTheSpecCheckCase() {
        String instance = Ids.newInstance();
        Ids.JobRef job = Ids.job(Ids.executorId(instance, 0), Ids.JobKind.MAP, 0);
        double base = nowSeconds();
        telemetry.job(instance, job.jobId(), FN, 3, 1024);
        telemetry.start(instance, job.call(0).callId(), FN, 0, base - 30);
        telemetry.end(instance, job.call(0).callId(), FN, 0, base - 28);
        telemetry.start(instance, job.call(1).callId(), FN, 0, base - 30);
        telemetry.cancel(instance, job.call(1).callId(), FN, 0, base - 20);
        telemetry.start(instance, job.call(1).callId(), FN, 1, base - 20);
        telemetry.end(instance, job.call(1).callId(), FN, 1, base - 18);
        double runningStart = base - 9.3;
        telemetry.start(instance, job.call(2).callId(), FN, 0, runningStart);
        telemetry.awaitScraped(instance);

        Instant tick = tick();
        double r = seconds(tick) - runningStart; // 9.3 s at the reference instant, more by now
        EngineAssessors.forEach(engines.assess(TemplateFixture.agreement("cloudbutton_cloudbutton",
                "cloudbutton-" + instance, Map.of("MAXCOST", 0.0000001)), tick), outcome -> {
            assertValues(fired(outcome, "tooLong", instance),
                    Map.of(job.call(2).callId(), seconds(tick) - (runningStart + 1.3 * 2)));
            assertThat(fired(outcome, "tooCostly", instance)).singleElement().satisfies(v -> {
                assertThat(v.key()).isEqualTo(instance);
                assertThat(v.value()).isCloseTo(UNITCOST * (14 + r) * 1024, within(1e-9));
            });
            assertThat(fired(outcome, "notStarted", instance)).isEmpty();
            assertThat(lastValues(outcome, "notStarted", instance)).isEmpty();
            assertThat(outcome.errors()).isEmpty();
        });
    }

    @Test
    void theOptionalAbsoluteLimitFlagsLongCallsOfJobsWithoutAFinishedCall() {
        String instance = Ids.newInstance();
        Ids.JobRef fresh = Ids.job(Ids.executorId(instance, 0), Ids.JobKind.MAP, 0);
        Ids.JobRef started = Ids.job(Ids.executorId(instance, 0), Ids.JobKind.MAP, 1);
        double base = nowSeconds();
        telemetry.job(instance, fresh.jobId(), FN, 2, 1024);
        telemetry.start(instance, fresh.call(0).callId(), FN, 0, base - 100);
        telemetry.start(instance, fresh.call(1).callId(), FN, 0, base - 10);
        telemetry.job(instance, started.jobId(), FN, 2, 1024);
        telemetry.start(instance, started.call(0).callId(), FN, 0, base - 100);
        telemetry.start(instance, started.call(1).callId(), FN, 0, base - 100);
        telemetry.end(instance, started.call(1).callId(), FN, 0, base - 99);
        telemetry.awaitScraped(instance);

        Instant tick = tick();
        EngineAssessors.forEach(engines.assess(TemplateFixture.agreement("cloudbutton_maxDuration",
                "maxDuration-" + instance, Map.of("MAXDURATION", 60)), tick), outcome ->
                assertValues(fired(outcome, "tooLong", instance),
                        Map.of(fresh.call(0).callId(), seconds(tick) - (base - 100 + 60))));
    }

    @Test
    void legacyMetricTextWithTimeNowIsEvaluated() {
        String instance = Ids.newInstance();
        Ids.JobRef job = Ids.job(Ids.executorId(instance, 0), Ids.JobKind.MAP, 0);
        double base = nowSeconds();
        telemetry.start(instance, job.call(0).callId(), FN, 0, base - 30);
        telemetry.start(instance, job.call(1).callId(), FN, 0, base - 30);
        telemetry.end(instance, job.call(1).callId(), FN, 0, base - 29);
        telemetry.awaitScraped(instance);
        Agreement legacy = agreement("legacy-" + instance, List.of(new Variable("runningFor",
                        "timeNow() - (function_start{exported_instance=\"" + instance + "\"} unless on(call_id) function_end)")),
                null, new Guarantee("tooLong", "runningFor < 5", null));

        Instant tick = tick();
        EngineAssessors.forEach(engines.assess(legacy, tick), outcome ->
                assertValues(outcome.fired(), Map.of(job.call(0).callId(), seconds(tick) - (base - 30))));
    }

    @Test
    void aRangeVectorIsItsNewestSampleWithoutPredictorAndForecastWithOne() {
        String instance = Ids.newInstance();
        String executor = Ids.executorId(instance, 0);
        Ids.JobRef job = Ids.job(executor, Ids.JobKind.MAP, 0);
        String hot = job.call(0).callId();
        String calm = job.call(1).callId();
        telemetry.cpu(instance, executor, job.jobId(), hot, Map.of(100, 95.0, 101, 10.0));
        telemetry.cpu(instance, executor, job.jobId(), calm, Map.of(200, 20.0));
        telemetry.awaitScraped(instance);
        // the template's subquery samples every 5 s: holt_winters needs two points
        String points = "min(count_over_time((sum by (call_id) (cpu_usage{exported_instance=\"" + instance
                + "\"}))[2m:5s]))";
        for (QueryEngine engine : stack.engines()) {
            Awaitility.await("two subquery points on " + engine).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        List<QueryEngine.Series> result = engine.query(points);
                        return !result.isEmpty() && result.get(0).value() >= 2;
                    });
        }
        Agreement predicted = TemplateFixture.agreement("cpu_usage_predicted", "cpu-" + instance, Map.of());
        Details withPredictor = predicted.details();
        assertThat(withPredictor.predictor().type()).isEqualTo(Predictor.HOLT_WINTERS);

        Instant tick = tick();
        for (Predictor predictor : new Predictor[] {withPredictor.predictor(), null,
                new Predictor(Predictor.PREDICT_LINEAR, null, null, "30s")}) {
            Agreement agreement = predicted.withAssessment(Assessment.empty());
            agreement = new Agreement(agreement.id(), agreement.name(), agreement.state(), agreement.assessment(),
                    new Details(withPredictor.id(), withPredictor.type(), withPredictor.name(), withPredictor.provider(),
                            withPredictor.client(), withPredictor.creation(), withPredictor.expiration(),
                            withPredictor.variables(), withPredictor.guarantees(), predictor));
            EngineAssessors.forEach(engines.assess(agreement, tick), outcome -> {
                assertThat(outcome.errors()).as("predictor %s", predictor).isEmpty();
                assertThat(fired(outcome, "cpuUsage", instance)).as("predictor %s", predictor).singleElement()
                        .satisfies(v -> {
                            assertThat(v.key()).isEqualTo(hot);
                            assertThat(v.value()).isCloseTo(105.0, within(1e-6));
                        });
            });
        }
    }

    // helpers

    static Agreement agreement(String id, List<Variable> variables, Predictor predictor, Guarantee... guarantees) {
        return new Agreement(id, id, AgreementState.started, Assessment.empty(),
                new Details(id, "agreement", id, null, null, null, null, variables, List.of(guarantees), predictor));
    }

    /** Now, to the millisecond: Prometheus evaluates time() in milliseconds. */
    static Instant tick() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    static double nowSeconds() {
        return Times.epochSeconds(tick());
    }

    static double seconds(Instant instant) {
        return Times.epochSeconds(instant);
    }

    static List<Violation> fired(AgreementOutcome outcome, String guarantee, String... instances) {
        Set<String> mine = Set.of(instances);
        return outcome.fired().stream().filter(v -> v.guarantee().equals(guarantee))
                .filter(v -> mine.contains(v.labels().get(Telemetry.EXPORTED_INSTANCE))).toList();
    }

    /** Exactly these keys fired, once each, with these values (to a millisecond: Prometheus' time resolution). */
    static void assertValues(List<Violation> violations, Map<String, Double> expected) {
        Map<String, Double> actual = violations.stream().collect(Collectors.toMap(Violation::key, Violation::value,
                (a, b) -> {
                    throw new AssertionError("two violations of one key in " + violations);
                }, TreeMap::new));
        assertThat(actual).containsOnlyKeys(expected.keySet());
        expected.forEach((key, value) -> assertThat(actual.get(key)).as(key).isCloseTo(value, within(1e-3)));
    }

    static GuaranteeAssessment guarantee(AgreementOutcome outcome, String name) {
        return outcome.agreement().assessment().guarantees().get(name);
    }

    static Map<String, Double> lastValues(AgreementOutcome outcome, String guarantee, String instance) {
        return guarantee(outcome, guarantee).lastValues().stream()
                .filter(v -> instance.equals(v.labels().get(Telemetry.EXPORTED_INSTANCE)))
                .collect(Collectors.toMap(KeyValue::key, KeyValue::value));
    }
}
