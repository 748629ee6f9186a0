package io.slaguard.manager.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.slaguard.manager.api.ManagerInstance;
import io.slaguard.manager.model.Agreement;
import io.slaguard.manager.model.AgreementState;
import io.slaguard.manager.model.Assessment;
import io.slaguard.manager.model.Details;
import io.slaguard.manager.model.Guarantee;
import io.slaguard.manager.model.KeyState;
import io.slaguard.manager.model.Party;
import io.slaguard.manager.model.Variable;
import io.slaguard.manager.model.Violation;
import io.slaguard.manager.store.AgreementRepository;
import io.slaguard.manager.store.AssessmentRecorder;
import io.slaguard.manager.store.JdbcOutbox;
import io.slaguard.manager.store.SupportedDatabases;
import io.slaguard.manager.store.ViolationRepository;

/**
 * The loop commits each agreement's outcome on the round's worker that assessed it, so several agreements commit
 * at once: each must stay one whole transaction of its own, on H2 and on PostgreSQL.
 */
class ConcurrentRecordingTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final List<String> CHANNELS = List.of("queue", "gateway");
    private static final int AGREEMENTS = 6;
    private static final int TICKS = 15;
    private static final SupportedDatabases DATABASES = new SupportedDatabases("sla_loop");

    @AfterAll
    static void dropPostgresDatabases() throws SQLException {
        DATABASES.dropAll();
    }

    private static ManagerInstance manager(String database) throws SQLException {
        return DATABASES.manager(database, Map.of("sla.check-period", "1h"));
    }

    /** Stopped, so the manager's own tick at start-up leaves it to the test. */
    private static Agreement agreement(String id) {
        return new Agreement(id, id, AgreementState.stopped, null, new Details(id, "agreement", id,
                new Party("p", "P"), new Party("c", "C"), T0, null, List.of(new Variable("x", "vector(1)")),
                List.of(new Guarantee("g", "x < 1", null)), null));
    }

    @ParameterizedTest
    @MethodSource("io.slaguard.manager.store.SupportedDatabases#kinds")
    void agreementsCommittingAtOnceEachKeepTheirWholeOutcome(String database) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(AGREEMENTS);
        try (ManagerInstance m = manager(database)) {
            AgreementRepository agreements = m.bean(AgreementRepository.class);
            AssessmentRecorder recorder = m.bean(AssessmentRecorder.class);
            List<String> ids = IntStream.range(0, AGREEMENTS).mapToObj(i -> "concurrent-" + i).toList();
            ids.forEach(id -> agreements.insert(agreement(id), null));
            CountDownLatch go = new CountDownLatch(1);

            List<CompletableFuture<Void>> writers = ids.stream().map(id -> CompletableFuture.runAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                for (int tick = 1; tick <= TICKS; tick++) {
                    Instant at = T0.plusSeconds(tick);
                    // every tick replaces the key states: k<tick> and k<tick>b, each firing once
                    List<KeyState> keys = List.of(new KeyState(id, "g", "k" + tick, at, at),
                            new KeyState(id, "g", "k" + tick + "b", at, at));
                    List<Violation> fired = keys.stream().map(k -> new Violation(UUID.randomUUID().toString(), id, "g",
                            at, k.key(), "fn", 2, Map.of("call_id", k.key()))).toList();
                    assertThat(recorder.record(id, new Assessment(T0, at, Map.of()), keys, fired, CHANNELS)).isTrue();
                }
            }, workers)).toList();
            go.countDown();
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).join();

            Map<String, List<KeyState>> keyStates = agreements.keyStates(ids);
            ViolationRepository violations = m.bean(ViolationRepository.class);
            for (String id : ids) {
                assertThat(keyStates.get(id)).extracting(KeyState::key)
                        .containsExactlyInAnyOrder("k" + TICKS, "k" + TICKS + "b");
                assertThat(agreements.find(id).orElseThrow().agreement().assessment().lastExecution())
                        .isEqualTo(T0.plusSeconds(TICKS));
                assertThat(violations.find(new ViolationRepository.Query(id, null, null, null, 1000, 0)))
                        .hasSize(2 * TICKS).allSatisfy(v -> assertThat(v.agreementId()).isEqualTo(id));
            }
            assertThat(m.bean(JdbcOutbox.class).pending()).isEqualTo((long) AGREEMENTS * TICKS * 2 * CHANNELS.size());
        } finally {
            workers.shutdownNow();
            assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
