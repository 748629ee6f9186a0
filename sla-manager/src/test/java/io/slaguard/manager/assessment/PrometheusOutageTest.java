package io.slaguard.manager.assessment;

import static io.slaguard.manager.assessment.ShippedGuaranteesTest.agreement;
import static io.slaguard.manager.assessment.ShippedGuaranteesTest.guarantee;
import static io.slaguard.manager.assessment.ShippedGuaranteesTest.nowSeconds;
import static io.slaguard.manager.assessment.ShippedGuaranteesTest.tick;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.slaguard.manager.model.Agreement;
import io.slaguard.manager.model.Guarantee;
import io.slaguard.manager.model.GuaranteeState;
import io.slaguard.manager.model.KeyState;
import io.slaguard.manager.model.Variable;
import io.slaguard.protocol.Ids;
import io.slaguard.testsupport.FreePort;
import io.slaguard.testsupport.MonitoringStack;
import io.slaguard.testsupport.TcpProxy;

/** Prometheus unreachable or answering errors: unknown, nothing invented, nothing forgotten. */
class PrometheusOutageTest {
    private final MonitoringStack stack = MonitoringStack.shared();
    private final LithopsTelemetry telemetry = new LithopsTelemetry(stack);

    @Test
    void anOutageMakesTheGuaranteeUnknownAndKeepsItsKeyStates() {
        String instance = Ids.newInstance();
        Ids.JobRef job = Ids.job(Ids.executorId(instance, 0), Ids.JobKind.MAP, 0);
        telemetry.start(instance, job.call(0).callId(), "f", 0, nowSeconds() - 30);
        telemetry.awaitScraped(instance);
        Agreement agreement = agreement("outage-" + instance, List.of(new Variable("runningFor",
                        "time() - (function_start{exported_instance=\"" + instance + "\"} unless on(call_id) function_end)")),
                null, new Guarantee("tooLong", "runningFor < 5", "1m"));
        try (TcpProxy proxy = TcpProxy.to("127.0.0.1", stack.prometheus().port())) {
            Assessor assessor = new Assessor(new PrometheusMetricsSource("http://127.0.0.1:" + proxy.port(),
                    PrometheusSettings.anonymous()), AssessmentSettings.defaults(), ViolationExpander.NONE);
            Instant first = tick();
            AgreementOutcome pending = assessor.assess(agreement, List.of(), first);
            assertThat(pending.keyStates()).containsExactly(
                    new KeyState(agreement.id(), "tooLong", job.call(0).callId(), first, null));

            proxy.cut();
            AgreementOutcome during = assessor.assess(pending.agreement(), pending.keyStates(), first.plusSeconds(30));
            assertThat(during.fired()).isEmpty();
            assertThat(during.keyStates()).isEqualTo(pending.keyStates());
            assertThat(guarantee(during, "tooLong").state()).isEqualTo(GuaranteeState.unknown);
            assertThat(guarantee(during, "tooLong").error()).contains("unreachable");
            assertThat(guarantee(during, "tooLong").lastValues()).isEmpty();
            assertThat(during.errors()).singleElement().asString().startsWith("guarantee 'tooLong': Prometheus at");

            // back: the key has been violating since the first tick, so for (1 min) is over
            proxy.restore();
            AgreementOutcome after = assessor.assess(during.agreement(), during.keyStates(), first.plus(Duration.ofMinutes(1)));
            assertThat(after.fired()).singleElement().satisfies(v -> assertThat(v.key()).isEqualTo(job.call(0).callId()));
            assertThat(guarantee(after, "tooLong").state()).isEqualTo(GuaranteeState.violated);
            assertThat(guarantee(after, "tooLong").firstExecution()).isEqualTo(first);
        }
    }

    @Test
    void aDeadPortIsUnknownAndTheErrorHidesTheCredentials() {
        Assessor assessor = new Assessor(new PrometheusMetricsSource("http://watcher:s3cret@127.0.0.1:" + FreePort.find(),
                PrometheusSettings.anonymous()), AssessmentSettings.defaults(), ViolationExpander.NONE);
        Agreement agreement = agreement("dead-" + Ids.newInstance(), List.of(new Variable("x", "vector(1)")), null,
                new Guarantee("g", "x < 0", null));

        AgreementOutcome outcome = assessor.assess(agreement, List.of(), tick());

        assertThat(outcome.fired()).isEmpty();
        assertThat(guarantee(outcome, "g").state()).isEqualTo(GuaranteeState.unknown);
        assertThat(outcome.errors()).singleElement().asString().contains("unreachable").doesNotContain("s3cret");
    }

    @Test
    void aBadGuaranteeDoesNotAffectItsSibling() {
        Assessor assessor = new Assessor(new PrometheusMetricsSource(stack.prometheus().url(),
                PrometheusSettings.anonymous()), AssessmentSettings.defaults(), ViolationExpander.NONE);
        Agreement agreement = agreement("siblings-" + Ids.newInstance(),
                List.of(new Variable("broken", "sum(function_start"), new Variable("one", "vector(1)")), null,
                new Guarantee("bad", "broken < 0", null), new Guarantee("good", "one < 0", null));

        AgreementOutcome outcome = assessor.assess(agreement, List.of(), tick());

        assertThat(guarantee(outcome, "bad").state()).isEqualTo(GuaranteeState.unknown);
        assertThat(guarantee(outcome, "bad").error()).contains("HTTP 400").contains("bad_data");
        assertThat(guarantee(outcome, "good").state()).isEqualTo(GuaranteeState.violated);
        assertThat(outcome.fired()).singleElement().satisfies(v -> {
            assertThat(v.guarantee()).isEqualTo("good");
            assertThat(v.value()).isEqualTo(1.0);
        });
    }
}
