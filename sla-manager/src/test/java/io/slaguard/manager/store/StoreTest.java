package io.slaguard.manager.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataAccessException;

import io.slaguard.manager.api.HttpApi;
import io.slaguard.manager.api.ManagerInstance;
import io.slaguard.manager.model.Agreement;
import io.slaguard.manager.model.AgreementState;
import io.slaguard.manager.model.Assessment;
import io.slaguard.manager.model.Details;
import io.slaguard.manager.model.Guarantee;
import io.slaguard.manager.model.GuaranteeAssessment;
import io.slaguard.manager.model.GuaranteeState;
import io.slaguard.manager.model.KeyState;
import io.slaguard.manager.model.KeyValue;
import io.slaguard.manager.model.Party;
import io.slaguard.manager.model.Template;
import io.slaguard.manager.model.Variable;
import io.slaguard.manager.model.Violation;
import io.slaguard.manager.notify.Outbox;
import tools.jackson.databind.json.JsonMapper;

/**
 * The store on both databases it supports: the embedded H2 file database and the machine's PostgreSQL
 * (127.0.0.1:5432, user postgres; a fresh database per run). The same migrations run on both.
 */
class StoreTest {
    private static final String CHANNEL = "store-test";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final SupportedDatabases DATABASES = new SupportedDatabases("sla_store");

    @AfterAll
    static void dropPostgresDatabases() throws SQLException {
        DATABASES.dropAll();
    }

    private static ManagerInstance manager(String database) throws SQLException {
        // the store alone: a tick of the loop would rewrite the key states and expirations the tests set up
        return DATABASES.manager(database, Map.of("sla.assessment.enabled", "false"));
    }

    private static Agreement agreement(String id, Instant expiration) {
        Details details = new Details(id, "agreement", id, new Party("p", "P"), new Party("c", "C"), T0, expiration,
                List.of(new Variable("x", "vector(1)")), List.of(new Guarantee("g", "x < 1", null)), null);
        return new Agreement(id, id, AgreementState.started, null, details);
    }

    private static Violation violation(String agreement, String key, double value, Instant at) {
        return new Violation(UUID.randomUUID().toString(), agreement, "g", at, key, "fn", value,
                Map.of("call_id", key, "job_id", "j"));
    }

    @ParameterizedTest
    @MethodSource("io.slaguard.manager.store.SupportedDatabases#kinds")
    void everythingTheLoopWritesIsOneTransaction(String database) throws SQLException {
        try (ManagerInstance m = manager(database)) {
            AgreementRepository agreements = m.bean(AgreementRepository.class);
            AssessmentRecorder recorder = m.bean(AssessmentRecorder.class);
            ViolationRepository violations = m.bean(ViolationRepository.class);
            JdbcOutbox outbox = m.bean(JdbcOutbox.class);
            agreements.insert(agreement("tx", null), null);

            Violation nan = violation("tx", "k1", Double.NaN, T0);
            Violation inf = violation("tx", "k2", Double.NEGATIVE_INFINITY, T0.plusSeconds(1));
            Assessment assessment = new Assessment(T0, T0, Map.of("g", new GuaranteeAssessment(T0, T0,
                    GuaranteeState.violated, null, List.of(new KeyValue("k1", Double.NaN, T0, "fn", Map.of())), T0)));
            List<KeyState> keys = List.of(new KeyState("tx", "g", "k1", T0, T0), new KeyState("tx", "g", "k2", T0, null));
            assertThat(recorder.record("tx", assessment, keys, List.of(nan, inf), List.of(CHANNEL, "other"))).isTrue();

            Agreement stored = agreements.find("tx").orElseThrow().agreement();
            assertThat(stored.assessment().guarantees().get("g").state()).isEqualTo(GuaranteeState.violated);
            assertThat(stored.assessment().guarantees().get("g").lastValues().get(0).value()).isNaN();
            assertThat(agreements.keyStates(List.of("tx")).get("tx")).containsExactlyInAnyOrderElementsOf(keys);
            List<Violation> listed = violations.find(new ViolationRepository.Query("tx", null, null, null, 10, 0));
            assertThat(listed).extracting(Violation::id).containsExactly(inf.id(), nan.id());
            assertThat(listed.get(0).value()).isEqualTo(Double.NEGATIVE_INFINITY);
            assertThat(listed.get(1).value()).isNaN();
            assertThat(listed.get(1).labels()).containsEntry("call_id", "k1");
            assertThat(outbox.due(CHANNEL, T0.plusSeconds(5), 10)).hasSize(2);
            assertThat(outbox.due("other", T0.plusSeconds(5), 10)).hasSize(2);

            // a failing write (the same violation id again) rolls back the assessment and key states with it
            Assessment later = new Assessment(T0, T0.plusSeconds(60), Map.of());
            assertThatThrownBy(() -> recorder.record("tx", later, List.of(), List.of(nan), List.of(CHANNEL)))
                    .isInstanceOf(DataAccessException.class);
            assertThat(agreements.find("tx").orElseThrow().agreement().assessment().lastExecution()).isEqualTo(T0);
            assertThat(agreements.keyStates(List.of("tx")).get("tx")).hasSize(2);

            // an agreement deleted meanwhile: nothing is written
            assertThat(recorder.record("gone", later, List.of(), List.of(violation("gone", "k", 1, T0)), List.of(CHANNEL)))
                    .isFalse();
            assertThat(violations.find(new ViolationRepository.Query("gone", null, null, null, 10, 0))).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("io.slaguard.manager.store.SupportedDatabases#kinds")
    void outboxHandsOutDueEntriesUntilDelivered(String database) throws SQLException {
        try (ManagerInstance m = manager(database)) {
            m.bean(AgreementRepository.class).insert(agreement("ob", null), null);
            JdbcOutbox outbox = m.bean(JdbcOutbox.class);
            long pendingBefore = outbox.pending();
            Violation v = violation("ob", "k", 3.5, T0);
            m.bean(AssessmentRecorder.class).record("ob", Assessment.empty(), List.of(), List.of(v), List.of(CHANNEL));
            Outbox.Entry entry = outbox.due(CHANNEL, T0, 10).stream()
                    .filter(e -> e.violation().id().equals(v.id())).findFirst().orElseThrow();
            assertThat(entry.violation().value()).isEqualTo(3.5);
            assertThat(outbox.pending()).isEqualTo(pendingBefore + 1);

            outbox.failed(entry.id(), "broker down", T0.plusSeconds(30));
            assertThat(outbox.due(CHANNEL, T0.plusSeconds(29), 10)).extracting(Outbox.Entry::id).doesNotContain(entry.id());
            Outbox.Entry retried = outbox.due(CHANNEL, T0.plusSeconds(30), 10).stream()
                    .filter(e -> e.id() == entry.id()).findFirst().orElseThrow();
            assertThat(retried.attempts()).isEqualTo(1);

            outbox.delivered(List.of(entry.id()), T0.plusSeconds(31));
            assertThat(outbox.due(CHANNEL, T0.plus(1, ChronoUnit.DAYS), 10)).extracting(Outbox.Entry::id)
                    .doesNotContain(entry.id());
            assertThat(outbox.pending()).isEqualTo(pendingBefore);
            assertThat(outbox.delivered(CHANNEL)).isGreaterThanOrEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("io.slaguard.manager.store.SupportedDatabases#kinds")
    void theViolationListingPagesWithATotalAndALinkToTheNextPage(String database) throws SQLException {
        // an id a URI must escape: the links must carry it escaped
        String agreement = "paged & 100%+ done";
        String escaped = URLEncoder.encode(agreement, StandardCharsets.UTF_8).replace("+", "%20");
        try (ManagerInstance m = manager(database)) {
            m.bean(AgreementRepository.class).insert(agreement(agreement, null), null);
            List<Violation> fired = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                fired.add(violation(agreement, "k" + i, i, T0.plusSeconds(i)));
            }
            m.bean(AssessmentRecorder.class).record(agreement, Assessment.empty(), List.of(), fired, List.of(CHANNEL));

            JsonMapper json = m.bean(JsonMapper.class);
            List<String> seen = new ArrayList<>();
            String next = "/agreements/" + escaped + "/violations?guarantee=g&limit=2";
            int pages = 0;
            while (next != null) {
                HttpApi.Reply page = m.api().get(next);
                assertThat(page.status()).isEqualTo(200);
                assertThat(page.header("X-Total-Count")).isEqualTo("5");
                json.readTree(page.body()).forEach(v -> seen.add(v.path("id").asString()));
                String link = page.header("Link");
                next = link == null ? null : link.replaceAll("^<([^>]*)>; rel=\"next\"$", "$1");
                assertThat(next).as(link).satisfiesAnyOf(n -> assertThat(n).isNull(),
                        n -> assertThat(n).startsWith("/agreements/" + escaped + "/violations?").contains("guarantee=g"));
                pages++;
            }

            assertThat(pages).isEqualTo(3);
            // newest first, each exactly once
            List<String> newestFirst = new ArrayList<>(fired.stream().map(Violation::id).toList());
            Collections.reverse(newestFirst);
            assertThat(seen).containsExactlyElementsOf(newestFirst);
            HttpApi.Reply all = m.api().get("/violations?limit=4&agreement=" + escaped);
            assertThat(all.header("Link")).isEqualTo("</violations?agreement=" + escaped + "&offset=4&limit=4>; rel=\"next\"");
            assertThat(m.api().get("/violations?offset=4&limit=4&agreement=" + escaped).body())
                    .contains(fired.get(0).id());
            HttpApi.Reply none = m.api().get("/violations?agreement=" + escaped + "&key=nope");
            assertThat(none.header("X-Total-Count")).isEqualTo("0");
            assertThat(none.header("Link")).isNull();
        }
    }

    @ParameterizedTest
    @MethodSource("io.slaguard.manager.store.SupportedDatabases#kinds")
    void pruningKeepsUndeliveredAndRecentViolations(String database) throws SQLException {
        try (ManagerInstance m = manager(database)) {
            m.bean(AgreementRepository.class).insert(agreement("prune", null), null);
            JdbcOutbox outbox = m.bean(JdbcOutbox.class);
            AssessmentRecorder recorder = m.bean(AssessmentRecorder.class);
            Violation oldDelivered = violation("prune", "a", 1, T0);
            Violation oldPending = violation("prune", "b", 1, T0);
            Violation recent = violation("prune", "c", 1, T0.plusSeconds(7200));
            recorder.record("prune", Assessment.empty(), List.of(), List.of(oldDelivered, oldPending, recent), List.of(CHANNEL));
            outbox.delivered(outbox.due(CHANNEL, T0.plusSeconds(7200), 10).stream()
                    .filter(e -> !e.violation().id().equals(oldPending.id())).map(Outbox.Entry::id).toList(),
                    T0.plusSeconds(7200));

            assertThat(m.bean(HistoryPruner.class).prune(T0.plusSeconds(3600))).isEqualTo(1);
            assertThat(m.bean(ViolationRepository.class).find(new ViolationRepository.Query("prune", null, null, null, 10, 0)))
                    .extracting(Violation::id).containsExactlyInAnyOrder(oldPending.id(), recent.id());
            assertThat(outbox.due(CHANNEL, T0.plusSeconds(7200), 10)).extracting(e -> e.violation().id())
                    .contains(oldPending.id());
        }
    }

    @ParameterizedTest
    @MethodSource("io.slaguard.manager.store.SupportedDatabases#kinds")
    void stateChangesAreOptimisticAndTheLoopNeverTouchesThem(String database) throws SQLException {
        try (ManagerInstance m = manager(database)) {
            AgreementRepository agreements = m.bean(AgreementRepository.class);
            agreements.insert(agreement("opt", null), null);
            long version = agreements.find("opt").orElseThrow().version();
            assertThat(agreements.changeState("opt", version, AgreementState.stopped, null)).isTrue();
            // a writer that read the old version loses instead of overwriting
            assertThat(agreements.changeState("opt", version, AgreementState.started, null)).isFalse();
            // the loop's write of the assessment leaves the state alone
            m.bean(AssessmentRecorder.class).record("opt", new Assessment(T0, T0, Map.of()), List.of(), List.of(), List.of());
            AgreementRepository.StoredAgreement after = agreements.find("opt").orElseThrow();
            assertThat(after.agreement().state()).isEqualTo(AgreementState.stopped);
            assertThat(after.agreement().assessment().lastExecution()).isEqualTo(T0);
            assertThat(after.version()).isEqualTo(version + 1);
        }
    }

    @ParameterizedTest
    @MethodSource("io.slaguard.manager.store.SupportedDatabases#kinds")
    void expiredAgreementsAreTerminated(String database) throws SQLException {
        try (ManagerInstance m = manager(database)) {
            AgreementRepository agreements = m.bean(AgreementRepository.class);
            // both expire in the future, so the running manager's own ticks terminate neither
            Instant cutoff = Instant.now().plus(Duration.ofDays(1));
            agreements.insert(agreement("old", cutoff.minusSeconds(1)), null);
            agreements.insert(agreement("young", cutoff.plusSeconds(3600)), null);
            assertThat(agreements.terminateExpired(cutoff)).containsExactly("old");
            assertThat(agreements.find("old").orElseThrow().agreement().state()).isEqualTo(AgreementState.terminated);
            assertThat(agreements.find("young").orElseThrow().agreement().state()).isEqualTo(AgreementState.started);
            assertThat(agreements.terminateExpired(cutoff)).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("io.slaguard.manager.store.SupportedDatabases#kinds")
    void templatesAreFoundIgnoringCase(String database) throws SQLException {
        try (ManagerInstance m = manager(database)) {
            TemplateRepository templates = m.bean(TemplateRepository.class);
            JsonMapper json = m.bean(JsonMapper.class);
            Template t = new Template("Store_Test", "t", Map.of("N", new Template.ParameterSpec("number", 0.0, null, "n", 1)),
                    json.readTree("{\"name\": \"{{.N}}\"}"), "v1");
            templates.insert(t);
            assertThat(templates.find("STORE_TEST").orElseThrow().details().path("name").asString()).isEqualTo("{{.N}}");
            assertThatThrownBy(() -> templates.insert(new Template("store_test", "t", Map.of(), t.details(), "v2")))
                    .isInstanceOf(DataAccessException.class);
            assertThat(templates.replace(new Template("store_test", "t2", Map.of(), t.details(), "v2"))).isTrue();
            assertThat(templates.find("Store_Test").orElseThrow().version()).isEqualTo("v2");
            assertThat(templates.delete("STORE_test")).isTrue();
        }
    }
}
