package io.slaguard.manager.assessment;

import static io.slaguard.manager.assessment.ShippedGuaranteesTest.assertValues;
import static io.slaguard.manager.assessment.ShippedGuaranteesTest.fired;
import static io.slaguard.manager.assessment.ShippedGuaranteesTest.nowSeconds;
import static io.slaguard.manager.assessment.ShippedGuaranteesTest.seconds;
import static io.slaguard.manager.assessment.ShippedGuaranteesTest.tick;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.slaguard.protocol.Ids;
import io.slaguard.protocol.Learning;
import io.slaguard.protocol.Telemetry;
import io.slaguard.protocol.Violations;
import io.slaguard.testsupport.EngineKind;
import io.slaguard.testsupport.MonitoringStack;

/**
 * The learned templates against a real Prometheus and VictoriaMetrics (which must agree): the prediction series are
 * pushed with the labels they carry after the engine scraped them from the manager, so this checks the PromQL alone,
 * with and without a model.
 */
class LearnedTemplatesTest {
    private static final double UNITCOST = 1.6276e-8;
    private static final String FN = "learned";

    private static final LithopsTelemetry telemetry = new LithopsTelemetry(MonitoringStack.shared(),
            MonitoringStack.shared().engines());
    private static final EngineAssessors engines = new EngineAssessors(MonitoringStack.shared());

    @Test
    void tooLongFlagsFromThePriorWhereNoCallFinishedAndFromTheEvidenceWithoutAModel() {
        String instance = Ids.newInstance();
        Ids.JobRef fresh = Ids.job(Ids.executorId(instance, 0), Ids.JobKind.MAP, 0);
        Ids.JobRef unlearned = Ids.job(Ids.executorId(instance, 0), Ids.JobKind.MAP, 1);
        double base = nowSeconds();
        // a job where nothing finished: the straggler is 10 s in against a p95 of 2 s; its sibling 1 s in of 100
        telemetry.job(instance, fresh.jobId(), FN, 3, 1024);
        String straggler = fresh.call(0).callId();
        telemetry.start(instance, straggler, FN, 0, base - 10);
        predicted(instance, fresh, straggler, 2);
        telemetry.start(instance, fresh.call(1).callId(), FN, 0, base - 1);
        predicted(instance, fresh, fresh.call(1).callId(), 100);
        // a call with neither a prediction nor a finished sibling: nothing to judge it by
        telemetry.start(instance, fresh.call(2).callId(), FN, 0, base - 100);
        // no model: the evidence rule (1.3 × the 4 s of the finished call) still flags a call 20 s in
        telemetry.job(instance, unlearned.jobId(), FN, 2, 1024);
        telemetry.start(instance, unlearned.call(0).callId(), FN, 0, base - 30);
        telemetry.end(instance, unlearned.call(0).callId(), FN, 0, base - 26);
        telemetry.start(instance, unlearned.call(1).callId(), FN, 0, base - 20);
        telemetry.awaitScraped(instance);

        Instant tick = tick();
        Map<EngineKind, AgreementOutcome> learned = engines.assess(TemplateFixture.agreement("learned_tooLong",
                "learnedTooLong-" + instance, Map.of("TFACTOR", 1.3)), tick);
        Map<EngineKind, AgreementOutcome> plain = engines.assess(TemplateFixture.agreement("cloudbutton_tooLong",
                "tooLong-" + instance, Map.of("TFACTOR", 1.3)), tick);

        EngineAssessors.forEach(learned, outcome -> {
            assertThat(outcome.errors()).isEmpty();
            assertValues(fired(outcome, Violations.TOO_LONG, instance), Map.of(
                    straggler, seconds(tick) - (base - 10 + 1.3 * 2),
                    unlearned.call(1).callId(), seconds(tick) - (base - 20 + 1.3 * 4)));
        });
        // the plain rule cannot see the straggler: no call of its job finished
        EngineAssessors.forEach(plain, outcome -> assertValues(fired(outcome, Violations.TOO_LONG, instance),
                Map.of(unlearned.call(1).callId(), seconds(tick) - (base - 20 + 1.3 * 4))));
    }

    @Test
    void thePriorDecidesWhenItsDeadlineComesBeforeTheEvidences() {
        String instance = Ids.newInstance();
        Ids.JobRef job = Ids.job(Ids.executorId(instance, 0), Ids.JobKind.MAP, 0);
        double base = nowSeconds();
        telemetry.job(instance, job.jobId(), FN, 3, 1024);
        telemetry.start(instance, job.call(0).callId(), FN, 0, base - 40);
        telemetry.end(instance, job.call(0).callId(), FN, 0, base - 20);
        // evidence: 1.3 × 20 s; prior: 1.3 × 2 s → the prior's deadline, 2.6 s after the start
        telemetry.start(instance, job.call(1).callId(), FN, 0, base - 10);
        predicted(instance, job, job.call(1).callId(), 2);
        // the evidence's 26 s and a prior of 100 s: not late
        telemetry.start(instance, job.call(2).callId(), FN, 0, base - 1);
        predicted(instance, job, job.call(2).callId(), 100);
        telemetry.awaitScraped(instance);

        Instant tick = tick();
        Map<EngineKind, AgreementOutcome> learned = engines.assess(TemplateFixture.agreement("learned_tooLong",
                "learnedTooLong-" + instance, Map.of()), tick);

        EngineAssessors.forEach(learned, outcome -> assertValues(fired(outcome, Violations.TOO_LONG, instance),
                Map.of(job.call(1).callId(), seconds(tick) - (base - 10 + 1.3 * 2))));
    }

    @Test
    void theForecastFiresBeforeTheMoneyIsSpentAndNeverCountsLessThanWhatWasSpent() {
        String forecastOver = Ids.newInstance();
        String cheap = Ids.newInstance();
        String spentOver = Ids.newInstance();
        String forecastBelowSpend = Ids.newInstance();
        double base = nowSeconds();
        Map<String, Double> startedAgo = Map.of(forecastOver, 5.0, cheap, 5.0, spentOver, 60.0, forecastBelowSpend, 60.0);
        startedAgo.forEach((instance, ago) -> {
            Ids.JobRef job = Ids.job(Ids.executorId(instance, 0), Ids.JobKind.MAP, 0);
            telemetry.job(instance, job.jobId(), FN, 100, 1024);
            telemetry.start(instance, job.call(0).callId(), FN, 0, base - ago);
        });
        telemetry.exported(forecastOver, Learning.FORECAST_COST, Map.of(), 1e6);
        telemetry.exported(cheap, Learning.FORECAST_COST, Map.of(), 6000);
        telemetry.exported(forecastBelowSpend, Learning.FORECAST_COST, Map.of(), 6000);
        // spentOver has no forecast (no model served): what it spent is all the template has
        startedAgo.keySet().forEach(telemetry::awaitScraped);
        double budget = UNITCOST * 50_000;

        Instant tick = tick();
        Map<EngineKind, AgreementOutcome> outcomes = engines.assess(TemplateFixture.agreement("learned_tooCostly",
                "learnedTooCostly-" + forecastOver, Map.of("MAXCOST", budget)), tick);

        double spentLong = (seconds(tick) - (base - 60)) * 1024;
        EngineAssessors.forEach(outcomes, outcome -> {
            assertThat(outcome.errors()).isEmpty();
            assertValues(fired(outcome, Violations.TOO_COSTLY, startedAgo.keySet().toArray(String[]::new)), Map.of(
                    forecastOver, UNITCOST * 1e6,
                    spentOver, UNITCOST * spentLong,
                    forecastBelowSpend, UNITCOST * spentLong));
        });
    }

    private static void predicted(String instance, Ids.JobRef job, String callId, double p95) {
        telemetry.exported(instance, Learning.PREDICTED_DURATION_P95, Map.of(Telemetry.JOB_ID, job.jobId(),
                Telemetry.CALL_ID, callId, Telemetry.FUNCTION_NAME, FN), p95);
    }
}
