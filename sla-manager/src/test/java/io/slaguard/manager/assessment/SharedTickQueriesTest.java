package io.slaguard.manager.assessment;

import static io.slaguard.manager.assessment.FakeMetricsSource.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.slaguard.manager.assessment.MetricsSource.MetricsSourceException;
import io.slaguard.manager.assessment.MetricsSource.Sample;
import io.slaguard.manager.model.Agreement;
import io.slaguard.manager.model.AgreementState;
import io.slaguard.manager.model.Assessment;
import io.slaguard.manager.model.Details;
import io.slaguard.manager.model.Guarantee;
import io.slaguard.manager.model.GuaranteeState;
import io.slaguard.manager.model.Variable;
import io.slaguard.manager.model.Violation;

class SharedTickQueriesTest {
    private static final Instant TICK = Instant.parse("2026-11-28T12:00:00.250Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final FakeMetricsSource source = new FakeMetricsSource();
    private final SharedTickQueries shared = new SharedTickQueries(source);
    private final ExecutorService callers = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        callers.shutdownNow();
        shared.close();
    }

    private static Agreement agreement(String id, String... constraints) {
        List<Guarantee> guarantees = new ArrayList<>();
        for (int i = 0; i < constraints.length; i++) {
            guarantees.add(new Guarantee("g" + i, constraints[i], null));
        }
        return new Agreement(id, id, AgreementState.started, Assessment.empty(),
                new Details(id, "agreement", id, null, null, null, null,
                        List.of(new Variable("latency", "latency_metric")), guarantees, null));
    }

    @Test
    void agreementsSharingAViolationQueryCostOneQueryPerTick() {
        source.returns("latency_metric", sample(7, "job_id", "j1"), sample(0.5, "job_id", "j2"));
        Assessor assessor = new Assessor(shared, AssessmentSettings.defaults(), ViolationExpander.NONE);
        // the combined agreement holds the single one's guarantee and one of its own
        List<Agreement> agreements = List.of(agreement("single", "latency < 1"),
                agreement("combined", "latency < 1", "latency < 5"), agreement("twin", "latency < 1"));

        List<AgreementOutcome> first;
        List<AgreementOutcome> second;
        try (AssessmentRound round = new AssessmentRound(assessor, 3, Duration.ofSeconds(30))) {
            first = round.run(agreements, Map.of(), TICK);
            second = round.run(agreements, Map.of(), TICK.plusSeconds(5));
        }

        // two distinct queries a tick (latency >= 1, latency >= 5), for four guarantees
        assertThat(source.queries).extracting(FakeMetricsSource.Query::time)
                .containsExactlyInAnyOrder(TICK, TICK, TICK.plusSeconds(5), TICK.plusSeconds(5));
        assertThat(source.queries.stream().map(FakeMetricsSource.Query::promql).distinct()).hasSize(2);
        assertThat(shared.sent()).isEqualTo(4);
        assertThat(shared.shared()).isEqualTo(4);
        for (List<AgreementOutcome> outcomes : List.of(first, second)) {
            // each agreement concludes from the shared answer as if it had asked alone
            assertThat(outcomes.get(0).fired()).extracting(Violation::key).containsExactly("j1", "j2");
            assertThat(outcomes.get(1).fired()).extracting(Violation::guarantee, Violation::key)
                    .containsExactly(tuple("g0", "j1"),
                            tuple("g0", "j2"),
                            tuple("g1", "j1"),
                            tuple("g1", "j2"));
            assertThat(outcomes.get(2).fired()).extracting(Violation::key).containsExactly("j1", "j2");
        }
    }

    @Test
    void aFailureIsSharedWithinTheTickAndAskedAgainAtTheNext() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        source.when("flaky_metric", (q, t) -> {
            if (asked.incrementAndGet() == 1) {
                throw new MetricsSourceException("Prometheus at http://127.0.0.1:9 unreachable");
            }
            return List.of(sample(1, "job_id", "j"));
        });

        assertThatThrownBy(() -> shared.query("flaky_metric", TICK, TIMEOUT))
                .isInstanceOf(MetricsSourceException.class).hasMessageContaining("unreachable");
        assertThatThrownBy(() -> shared.query("flaky_metric", TICK, TIMEOUT))
                .isInstanceOf(MetricsSourceException.class).hasMessageContaining("unreachable");
        assertThat(asked).hasValue(1);

        assertThat(shared.query("flaky_metric", TICK.plusSeconds(5), TIMEOUT)).hasSize(1);
        assertThat(asked).hasValue(2);
    }

    @Test
    void anAskerThatGivesUpDoesNotCancelTheAnswerOthersWaitFor() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        source.when("slow_metric", (q, t) -> {
            started.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new MetricsSourceException("the query itself was interrupted");
            }
            return List.of(sample(3, "job_id", "j"));
        });

        Future<List<Sample>> first = callers.submit(() -> shared.query("slow_metric", TICK, TIMEOUT));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<List<Sample>> second = CompletableFuture.supplyAsync(() -> {
            try {
                return shared.query("slow_metric", TICK, TIMEOUT);
            } catch (MetricsSourceException e) {
                throw new IllegalStateException(e);
            }
        }, callers);
        first.cancel(true); // the first asker's agreement passed its deadline
        Awaitility.await().until(first::isDone);
        release.countDown();

        assertThat(second.get(10, TimeUnit.SECONDS)).extracting(Sample::value).containsExactly(3.0);
        assertThat(source.queries).hasSize(1);
    }

    @Test
    void anInterruptedAskerSendsNothing() {
        source.returns("latency_metric", sample(1, "job_id", "j"));
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> shared.query("latency_metric", TICK, TIMEOUT))
                    .isInstanceOf(MetricsSourceException.class).hasMessageContaining("interrupted");
        } finally {
            Thread.interrupted();
        }

        assertThat(source.queries).isEmpty();
        assertThat(shared.sent()).isZero();
    }

    @Test
    void anAskerWaitsNoLongerThanItsTimeout() {
        CountDownLatch never = new CountDownLatch(1);
        source.when("hung_metric", (q, t) -> {
            try {
                never.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new MetricsSourceException("released");
        });

        assertThatThrownBy(() -> shared.query("hung_metric", TICK, Duration.ofMillis(200)))
                .isInstanceOf(MetricsSourceException.class).hasMessageContaining("did not answer query within 0.2 s");
    }

    @Test
    void aQueryAtAnOlderInstantGoesToTheSourceUnshared() throws Exception {
        source.returns("latency_metric", sample(1, "job_id", "j"));

        shared.query("latency_metric", TICK.plusSeconds(5), TIMEOUT);
        shared.query("latency_metric", TICK, TIMEOUT);
        shared.query("latency_metric", TICK, TIMEOUT);
        shared.query("latency_metric", TICK.plusSeconds(5), TIMEOUT);

        assertThat(source.queries).extracting(FakeMetricsSource.Query::time)
                .containsExactly(TICK.plusSeconds(5), TICK, TICK);
        assertThat(shared.sent()).isEqualTo(3);
        assertThat(shared.shared()).isEqualTo(1);
    }

    @Test
    void theGuaranteeStateOfEveryAskerFollowsTheSharedFailure() {
        source.when("latency_metric", (q, t) -> {
            throw new MetricsSourceException("Prometheus at http://127.0.0.1:9 unreachable");
        });
        Assessor assessor = new Assessor(shared, AssessmentSettings.defaults(), ViolationExpander.NONE);

        List<AgreementOutcome> outcomes;
        try (AssessmentRound round = new AssessmentRound(assessor, 2, Duration.ofSeconds(30))) {
            outcomes = round.run(List.of(agreement("a", "latency < 1"), agreement("b", "latency < 1")), Map.of(),
                    TICK);
        }

        assertThat(source.queries).hasSize(1);
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.fired()).isEmpty();
            assertThat(o.agreement().assessment().guarantees().get("g0").state()).isEqualTo(GuaranteeState.unknown);
        });
    }
}
