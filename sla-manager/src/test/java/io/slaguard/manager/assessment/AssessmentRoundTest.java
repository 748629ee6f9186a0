package io.slaguard.manager.assessment;

import static io.slaguard.manager.assessment.FakeMetricsSource.sample;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import io.slaguard.manager.assessment.MetricsSource.MetricsSourceException;
import io.slaguard.manager.model.Agreement;
import io.slaguard.manager.model.AgreementState;
import io.slaguard.manager.model.Assessment;
import io.slaguard.manager.model.Details;
import io.slaguard.manager.model.Guarantee;
import io.slaguard.manager.model.GuaranteeState;
import io.slaguard.manager.model.KeyState;
import io.slaguard.manager.model.Variable;
import io.slaguard.manager.model.Violation;

class AssessmentRoundTest {
    private static final Instant TICK = Instant.parse("2026-11-28T12:00:00.250Z");
    private final FakeMetricsSource source = new FakeMetricsSource();
    private final Assessor assessor = new Assessor(source, AssessmentSettings.defaults(), ViolationExpander.NONE);

    private static Agreement agreement(String id, String metric) {
        return new Agreement(id, id, AgreementState.started, Assessment.empty(),
                new Details(id, "agreement", id, null, null, null, null, List.of(new Variable("x", metric)),
                        List.of(new Guarantee("g1", "x < 1", null), new Guarantee("g2", "x < 2", null)), null));
    }

    @Test
    void everyLineOfAnAgreementsAssessmentCarriesItsId() {
        Map<String, String> whileQuerying = new ConcurrentHashMap<>();
        Map<String, String> whileRecording = new ConcurrentHashMap<>();
        for (String metric : List.of("first_metric", "second_metric")) {
            source.when(metric, (q, t) -> {
                whileQuerying.put(metric, String.valueOf(MDC.get(AssessmentRound.MDC_AGREEMENT)));
                return List.of();
            });
        }

        try (AssessmentRound round = new AssessmentRound(assessor, 2, Duration.ofSeconds(30))) {
            round.run(List.of(agreement("first", "first_metric"), agreement("second", "second_metric")), Map.of(),
                    TICK, outcome -> whileRecording.put(outcome.agreement().id(),
                            String.valueOf(MDC.get(AssessmentRound.MDC_AGREEMENT))));
        }

        assertThat(whileQuerying).containsEntry("first_metric", "first").containsEntry("second_metric", "second");
        assertThat(whileRecording).containsEntry("first", "first").containsEntry("second", "second");
        assertThat(MDC.get(AssessmentRound.MDC_AGREEMENT)).isNull();
    }

    @Test
    void agreementsRunOnABoundedPoolAllAtTheTickInstant() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch twoAtOnce = new CountDownLatch(1);
        source.when("busy_metric", (q, t) -> {
            int now = inFlight.incrementAndGet();
            most.accumulateAndGet(now, Math::max);
            if (now == 2) {
                twoAtOnce.countDown();
            }
            try {
                twoAtOnce.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            return List.of(sample(5, "job_id", "j"));
        });
        List<Agreement> agreements = IntStream.range(0, 6).mapToObj(i -> agreement("a" + i, "busy_metric")).toList();

        List<AgreementOutcome> outcomes;
        try (AssessmentRound round = new AssessmentRound(assessor, 2, Duration.ofSeconds(30))) {
            outcomes = round.run(agreements, Map.of(), TICK);
        }

        assertThat(most.get()).isEqualTo(2);
        assertThat(source.queries).hasSize(12).allSatisfy(q -> {
            assertThat(q.time()).isEqualTo(TICK);
            assertThat(q.thread()).startsWith("assessment-");
        });
        assertThat(source.queries.stream().map(FakeMetricsSource.Query::thread).distinct()).hasSize(2);
        assertThat(outcomes).extracting(o -> o.agreement().id()).containsExactly("a0", "a1", "a2", "a3", "a4", "a5");
        assertThat(outcomes).allSatisfy(o -> assertThat(o.fired()).extracting(Violation::key).containsExactly("j", "j"));
    }

    @Test
    void anAgreementPastItsDeadlineIsUnknownAndDelaysNoOther() {
        CountDownLatch never = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        source.when("hung_metric", (q, t) -> {
            try {
                never.await(60, TimeUnit.SECONDS);
                throw new MetricsSourceException("released");
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw new MetricsSourceException("interrupted");
            }
        });
        source.returns("fine_metric", sample(5, "call_id", "c"));
        Agreement hung = agreement("hung", "hung_metric");
        List<KeyState> hungStates = List.of(new KeyState("hung", "g1", "k", TICK.minusSeconds(60), null));

        List<AgreementOutcome> outcomes;
        try (AssessmentRound round = new AssessmentRound(assessor, 2, Duration.ofMillis(300))) {
            outcomes = round.run(List.of(agreement("first", "fine_metric"), hung, agreement("last", "fine_metric"),
                    agreement("later", "fine_metric")), Map.of("hung", hungStates), TICK);
        } finally {
            never.countDown();
        }

        assertThat(outcomes).extracting(o -> o.agreement().id()).containsExactly("first", "hung", "last", "later");
        AgreementOutcome late = outcomes.get(1);
        assertThat(late.fired()).isEmpty();
        assertThat(late.keyStates()).isEqualTo(hungStates);
        assertThat(late.agreement().assessment().guarantees().values())
                .hasSize(2).allSatisfy(g -> {
                    assertThat(g.state()).isEqualTo(GuaranteeState.unknown);
                    assertThat(g.error()).isEqualTo("assessment did not finish within 0.3 s");
                });
        assertThat(late.errors()).hasSize(2);
        for (int i : new int[] {0, 2, 3}) {
            assertThat(outcomes.get(i).fired()).extracting(Violation::key).containsExactly("c", "c");
            assertThat(outcomes.get(i).errors()).isEmpty();
        }
        Awaitility.await("hung assessment interrupted").atMost(Duration.ofSeconds(10)).untilTrue(interrupted);
    }

    @Test
    void eachOutcomeIsHandedOverAsSoonAsItsAgreementIsAssessed() {
        CountDownLatch fastHandedOver = new CountDownLatch(1);
        source.when("slow_metric", (q, t) -> {
            try {
                // released only by the fast agreement's hand-over, so that one cannot wait for this one
                if (!fastHandedOver.await(30, TimeUnit.SECONDS)) {
                    throw new MetricsSourceException("the fast outcome was not handed over first");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MetricsSourceException("interrupted");
            }
            return List.of(sample(5, "job_id", "s"));
        });
        source.returns("fast_metric", sample(5, "job_id", "f"));
        List<String> handedOver = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();

        List<AgreementOutcome> outcomes;
        try (AssessmentRound round = new AssessmentRound(assessor, 2, Duration.ofSeconds(60))) {
            outcomes = round.run(List.of(agreement("slow", "slow_metric"), agreement("fast", "fast_metric")), Map.of(),
                    TICK, outcome -> {
                        handedOver.add(outcome.agreement().id());
                        threads.add(Thread.currentThread().getName());
                        if (outcome.agreement().id().equals("fast")) {
                            fastHandedOver.countDown();
                        }
                    });
        }

        assertThat(handedOver).containsExactly("fast", "slow");
        assertThat(threads).allSatisfy(thread -> assertThat(thread).startsWith("assessment-"));
        assertThat(outcomes).extracting(o -> o.agreement().id()).containsExactly("slow", "fast");
        assertThat(outcomes.get(0).fired()).extracting(Violation::key).containsExactly("s", "s");
        assertThat(outcomes.get(1).fired()).extracting(Violation::key).containsExactly("f", "f");
    }

    @Test
    void theUnknownOutcomeOfAnAgreementPastItsDeadlineIsHandedOverBeforeTheRoundReturns() {
        CountDownLatch never = new CountDownLatch(1);
        source.when("hung_metric", (q, t) -> {
            try {
                never.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new MetricsSourceException("stopped");
        });
        source.returns("fine_metric", sample(5, "call_id", "c"));
        Map<String, AgreementOutcome> handedOver = new ConcurrentHashMap<>();

        List<AgreementOutcome> outcomes;
        try (AssessmentRound round = new AssessmentRound(assessor, 2, Duration.ofMillis(300))) {
            outcomes = round.run(List.of(agreement("hung", "hung_metric"), agreement("fine", "fine_metric")), Map.of(),
                    TICK, outcome -> handedOver.put(outcome.agreement().id(), outcome));
        } finally {
            never.countDown();
        }

        assertThat(handedOver).containsOnlyKeys("hung", "fine");
        assertThat(handedOver.get("hung")).isSameAs(outcomes.get(0));
        assertThat(handedOver.get("hung").agreement().assessment().guarantees().values())
                .allSatisfy(g -> assertThat(g.state()).isEqualTo(GuaranteeState.unknown));
        assertThat(handedOver.get("fine")).isSameAs(outcomes.get(1));
    }

    @Test
    void aFailingHandOverIsLoggedAndTheRoundStillReturnsEveryOutcome() {
        source.returns("fine_metric", sample(5, "call_id", "c"));
        AtomicInteger calls = new AtomicInteger();

        List<AgreementOutcome> outcomes;
        try (AssessmentRound round = new AssessmentRound(assessor, 2, Duration.ofSeconds(30))) {
            outcomes = round.run(List.of(agreement("a", "fine_metric"), agreement("b", "fine_metric")), Map.of(), TICK,
                    outcome -> {
                        calls.incrementAndGet();
                        throw new IllegalStateException("database down");
                    });
        }

        assertThat(calls).hasValue(2);
        assertThat(outcomes).extracting(o -> o.agreement().id()).containsExactly("a", "b");
        assertThat(outcomes).allSatisfy(o -> assertThat(o.fired()).extracting(Violation::key).containsExactly("c", "c"));
    }

    @Test
    void closingDuringARoundEndsItWithTheUnfinishedAgreementsUnknown() {
        CountDownLatch never = new CountDownLatch(1);
        source.when("hung_metric", (q, t) -> {
            try {
                never.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new MetricsSourceException("stopped");
        });
        AssessmentRound round = new AssessmentRound(assessor, 1, Duration.ofMinutes(1));
        try {
            List<String> handedOver = new CopyOnWriteArrayList<>();
            CompletableFuture<List<AgreementOutcome>> running = CompletableFuture
                    .supplyAsync(() -> round.run(List.of(agreement("busy", "hung_metric"), agreement("queued", "hung_metric")),
                            Map.of(), TICK, outcome -> handedOver.add(outcome.agreement().id())));
            Awaitility.await("first query started").atMost(Duration.ofSeconds(10)).until(() -> !source.queries.isEmpty());
            round.close();
            List<AgreementOutcome> outcomes = running.join();
            assertThat(outcomes).extracting(o -> o.agreement().id()).containsExactly("busy", "queued");
            assertThat(outcomes).allSatisfy(o -> {
                assertThat(o.fired()).isEmpty();
                assertThat(o.agreement().assessment().guarantees().values())
                        .allSatisfy(g -> assertThat(g.state()).isEqualTo(GuaranteeState.unknown));
            });
            assertThat(outcomes.get(1).errors()).allSatisfy(e -> assertThat(e).endsWith("the manager is shutting down"));
            assertThat(handedOver).containsExactlyInAnyOrder("busy", "queued");
        } finally {
            never.countDown();
            round.close();
        }
    }
}
