package io.slaguard.manager.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.slaguard.protocol.Ids;
import io.slaguard.testsupport.MonitoringStack;

/**
 * The shipped tooCostly template counts each attempt once, from its start to whichever of end and cancel came
 * first: an attempt that has both (its end and a cancel crossed) is not counted twice, as summing end and cancel
 * durations would. On Prometheus and VictoriaMetrics alike.
 */
class TooCostlyAttemptDurationTest {
    private static final double UNITCOST = 1.6276e-8;
    private static final String FN = "summ";

    private static LithopsTelemetry telemetry;
    private static EngineAssessors engines;

    @BeforeAll
    static void stack() {
        MonitoringStack stack = MonitoringStack.shared();
        telemetry = new LithopsTelemetry(stack, stack.engines());
        engines = new EngineAssessors(stack);
    }

    @Test
    void anAttemptWithEndAndCancelLastsUntilTheEarlierOfThem() {
        String instance = Ids.newInstance();
        Ids.JobRef job = Ids.job(Ids.executorId(instance, 0), Ids.JobKind.MAP, 0);
        double base = ShippedGuaranteesTest.nowSeconds();
        telemetry.job(instance, job.jobId(), FN, 3, 1024);
        // ended after 5 s, the cancel came 5 s later
        telemetry.start(instance, job.call(0).callId(), FN, 0, base - 30);
        telemetry.end(instance, job.call(0).callId(), FN, 0, base - 25);
        telemetry.cancel(instance, job.call(0).callId(), FN, 0, base - 20);
        // cancelled after 2 s, an end was reported 2 s later
        telemetry.start(instance, job.call(1).callId(), FN, 0, base - 30);
        telemetry.cancel(instance, job.call(1).callId(), FN, 0, base - 28);
        telemetry.end(instance, job.call(1).callId(), FN, 0, base - 26);
        telemetry.start(instance, job.call(2).callId(), FN, 0, base - 30);
        telemetry.end(instance, job.call(2).callId(), FN, 0, base - 27);
        telemetry.awaitScraped(instance);

        Instant tick = ShippedGuaranteesTest.tick();
        EngineAssessors.forEach(engines.assess(TemplateFixture.agreement("cloudbutton_tooCostly",
                "tooCostly-" + instance, Map.of("MAXCOST", 0.0000001)), tick), outcome -> {
            assertThat(ShippedGuaranteesTest.fired(outcome, "tooCostly", instance)).singleElement()
                    .satisfies(v -> assertThat(v.value()).isCloseTo(UNITCOST * (5 + 2 + 3) * 1024, within(1e-9)));
            assertThat(outcome.errors()).isEmpty();
        });
    }
}
