package io.slaguard.manager.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.slaguard.manager.api.ManagerInstance;
import io.slaguard.manager.assessment.AssessmentRound;
import io.slaguard.manager.assessment.AssessmentSettings;
import io.slaguard.manager.assessment.Assessor;
import io.slaguard.manager.assessment.MetricsSource;
import io.slaguard.manager.assessment.ViolationExpander;
import io.slaguard.manager.config.SlaProperties;
import io.slaguard.manager.model.Agreement;
import io.slaguard.manager.model.AgreementState;
import io.slaguard.manager.model.Details;
import io.slaguard.manager.model.Guarantee;
import io.slaguard.manager.model.Party;
import io.slaguard.manager.model.Variable;
import io.slaguard.manager.model.Violation;
import io.slaguard.manager.notify.OutboxDispatcher;
import io.slaguard.manager.store.AgreementRepository;
import io.slaguard.manager.store.AssessmentRecorder;
import io.slaguard.manager.store.AssessorLease;
import io.slaguard.manager.store.HistoryPruner;
import io.slaguard.manager.store.JdbcOutbox;
import io.slaguard.manager.store.ViolationRepository;

/**
 * A tick commits and delivers what one agreement found while another agreement of the same tick is still being
 * assessed: the manager's store and outbox (log channel), with a metrics source whose slow answer waits on a latch.
 */
class EarlyCommitTest {

    /** Answers the fast metric at once and the slow one only when released; both violate. */
    private static final class LatchedSource implements MetricsSource {
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public List<Sample> query(String promql, Instant time, Duration timeout) throws MetricsSourceException {
            if (promql.contains("slow_metric")) {
                try {
                    if (!release.await(60, TimeUnit.SECONDS)) {
                        throw new MetricsSourceException("not released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MetricsSourceException("interrupted");
                }
            }
            return List.of(new Sample(Map.of("job_id", promql.contains("slow_metric") ? "slow-job" : "fast-job"), 5));
        }

        @Override
        public String version() {
            return "2.42.0";
        }
    }

    private static Agreement agreement(String id, String metric) {
        return new Agreement(id, id, AgreementState.started, null, new Details(id, "agreement", id,
                new Party("p", "P"), new Party("c", "C"), null, null, List.of(new Variable("x", metric)),
                List.of(new Guarantee("g", "x < 1", null)), null));
    }

    @Test
    void aViolationFoundEarlyIsStoredAndDeliveredBeforeTheSlowestAgreementOfTheTickIsAssessed() {
        try (ManagerInstance m = ManagerInstance.start(Map.of("sla.check-period", "1h"))) {
            // the manager's own start-up tick is over before the agreements exist; its next tick is an hour away
            Awaitility.await("start-up tick").atMost(Duration.ofSeconds(30))
                    .until(() -> m.bean(AssessmentLoop.class).lastTick() != null);
            AgreementRepository agreements = m.bean(AgreementRepository.class);
            agreements.insert(agreement("slow", "slow_metric"), null);
            agreements.insert(agreement("fast", "fast_metric"), null);
            LatchedSource source = new LatchedSource();
            SlaProperties properties = m.bean(SlaProperties.class);
            JdbcOutbox outbox = m.bean(JdbcOutbox.class);
            ViolationRepository violations = m.bean(ViolationRepository.class);

            try (AssessmentRound round = new AssessmentRound(
                    new Assessor(source, AssessmentSettings.defaults(), ViolationExpander.NONE), 2, Duration.ofMinutes(1))) {
                AssessmentLoop loop = new AssessmentLoop(agreements, m.bean(AssessmentRecorder.class), round,
                        m.bean(OutboxDispatcher.class), m.bean(Notifiers.class), m.bean(LoopMetrics.class),
                        Clock.systemUTC(), Duration.ofHours(1), properties.pushgateway().groupRetention(),
                        m.bean(HistoryPruner.class), properties.storage().retention(), m.bean(AssessorLease.class),
                        true);
                CompletableFuture<Void> tick = CompletableFuture.runAsync(loop::tick);
                try {
                    Awaitility.await("the fast agreement's violation delivered").atMost(Duration.ofSeconds(30))
                            .until(() -> outbox.delivered("log") == 1);
                    assertThat(tick).isNotDone();
                    assertThat(violations.find(new ViolationRepository.Query(null, null, null, null, 10, 0)))
                            .extracting(Violation::agreementId).containsExactly("fast");
                } finally {
                    source.release.countDown();
                }
                tick.join();
            }

            assertThat(violations.find(new ViolationRepository.Query(null, null, null, null, 10, 0)))
                    .extracting(Violation::agreementId).containsExactlyInAnyOrder("fast", "slow");
            Awaitility.await("the slow agreement's violation delivered").atMost(Duration.ofSeconds(30))
                    .until(() -> outbox.delivered("log") == 2);
        }
    }
}
