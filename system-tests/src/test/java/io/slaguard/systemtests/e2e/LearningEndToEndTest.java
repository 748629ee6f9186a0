package io.slaguard.systemtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.slaguard.executor.api.AttemptState;
import io.slaguard.executor.api.AttemptStatus;
import io.slaguard.executor.api.CallFunction;
import io.slaguard.executor.api.CostLimitExceededException;
import io.slaguard.executor.FunctionExecutor;
import io.slaguard.executor.api.ResponseFuture;
import io.slaguard.executor.backend.LocalBackend;
import io.slaguard.protocol.Violations;
import io.slaguard.remediation.ActionRecord;
import io.slaguard.remediation.RemediationSettings;
import io.slaguard.testsupport.FreePort;
import io.slaguard.testsupport.MonitoringStack;
import io.slaguard.testsupport.RabbitBroker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The learning loop end to end: the executor runs real processes, the real manager (its own JVM) records their
 * history from Prometheus, trains a model in the background, exports its predictions on its own endpoint, Prometheus
 * scrapes them (honor_labels false), the learned templates use them, and the executor remediates through RabbitMQ.
 * One function, {@value #FUNCTION}, taught by a job of calls of one or two seconds (again, up to three jobs, until a
 * model of it is served).
 */
class LearningEndToEndTest {
    private static final Logger log = LoggerFactory.getLogger(LearningEndToEndTest.class);
    private static final String FUNCTION = "learned";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration LOOP = Duration.ofSeconds(90);
    private static final double UNITCOST = 1.6276e-8;
    private static final int MEMORY_MB = 1024;
    /** Calls of a teaching job. */
    private static final int TAUGHT_CALLS = 12;

    private static MonitoringStack monitoring;
    private static ManagerProcess manager;

    private final List<ActionRecord> decisions = new CopyOnWriteArrayList<>();
    private final List<String> agreements = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void startAndTeach() throws Exception {
        int port = FreePort.find();
        monitoring = MonitoringStack.launchScraping("sla-manager", "127.0.0.1:" + port, "/actuator/prometheus");
        manager = ManagerProcess.start(new ManagerProcess.Settings(monitoring.prometheus().url(),
                monitoring.pushgateway().url(), RabbitBroker.uri(), Duration.ofSeconds(1)), port, List.of(
                "--sla.learning.history.period=500ms", "--sla.learning.predictions.period=500ms",
                "--sla.learning.training.period=1s", "--sla.learning.training.retrain-after=" + TAUGHT_CALLS));
        Path teaching = Files.createTempDirectory("learning-e2e-teach");
        // durations spread as a real function's (one call in four twice as long): the median then beats the mean
        List<String> inputs = IntStream.range(0, TAUGHT_CALLS).mapToObj(i -> i % 4 == 3 ? "long-" + i : "" + i).toList();
        for (int run = 1; run <= 3 && !served(); run++) {
            int versions = models().size();
            try (FunctionExecutor teacher = executor(4, new ArrayList<>())) {
                teacher.getResult(teacher.map(function(teaching), inputs));
                // every attempt the executor ran is in the history, once
                await("the teaching job's history").atMost(LOOP).pollInterval(Duration.ofMillis(500))
                        .until(() -> history(teacher.instance()).size() == TAUGHT_CALLS);
            }
            await("a model of " + FUNCTION + " trained").atMost(LOOP).pollInterval(Duration.ofMillis(500))
                    .until(() -> models().size() > versions);
        }
        assertThat(served()).as("a model served after three teaching jobs: " + models()).isTrue();
    }

    private static List<JsonNode> models() {
        List<JsonNode> models = new ArrayList<>();
        JSON.readTree(manager.api().get("/models?function_name=" + FUNCTION)).forEach(models::add);
        return models;
    }

    private static boolean served() {
        return models().stream().anyMatch(m -> m.path("serving").asBoolean());
    }

    @AfterAll
    static void stop() {
        if (manager != null) {
            manager.close();
        }
        if (monitoring != null) {
            monitoring.close();
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        agreements.forEach(id -> manager.api().terminate(id));
    }

    @Test
    void aStragglerInAJobWhereNoCallFinishedIsFlaggedFromThePriorAndRelaunched() {
        String learned = agreement("learned_tooLong", Map.of("TFACTOR", 1.5));
        String plain = agreement("cloudbutton_tooLong", Map.of("TFACTOR", 1.5));
        FunctionExecutor executor = closeLater(executor(2, decisions));
        Instant begin = Instant.now();

        // one call, its first attempt 40 s: no call of its job ever finishes before it is relaunched
        List<ResponseFuture> futures = executor.map(function(dir), List.of("slow"));
        await("job done").atMost(LOOP).until(() -> futures.get(0).isDone());
        Duration makespan = Duration.between(begin, Instant.now());
        log.info("straggler flagged from the prior: job of one call ended after {} ms", makespan.toMillis());

        ResponseFuture straggler = futures.get(0);
        assertThat(straggler.result()).isEqualTo("r-slow\n");
        assertThat(straggler.status().attempts()).extracting(AttemptStatus::state)
                .containsExactly(AttemptState.CANCELLED, AttemptState.SUCCEEDED);
        assertThat(makespan).as("relaunched long before the first attempt's 40 s").isLessThan(Duration.ofSeconds(30));
        assertThat(decisions).filteredOn(ActionRecord::applied).singleElement().satisfies(d -> {
            assertThat(d.action()).isEqualTo(Violations.ACTION_START_BACKUP);
            assertThat(d.key()).isEqualTo(straggler.callId());
        });
        assertThat(manager.api().violations(learned)).extracting(ManagerApi.StoredViolation::key)
                .contains(straggler.callId());
        assertThat(manager.api().violations(plain)).as("the evidence rule has nothing to go by")
                .extracting(ManagerApi.StoredViolation::key).doesNotContain(straggler.callId());
    }

    @Test
    void anOverspendingInstanceIsCancelledByItsForecastBeforeItsBudgetIsCrossedAndACheapOneIsNeverTouched() {
        // 60,000 MB·s: 200 one-second calls are forecast at about 200,000, 20 of them at about 20,000
        double budget = UNITCOST * 60_000;
        agreement("learned_tooCostly", Map.of("MAXCOST", budget));
        List<ActionRecord> cheapDecisions = new CopyOnWriteArrayList<>();
        FunctionExecutor cheap = closeLater(executor(2, cheapDecisions));
        FunctionExecutor costly = closeLater(executor(2, decisions));

        List<ResponseFuture> cheapJob = cheap.map(function(dir), inputs(20));
        // spending 2 × 1024 MB·s a second, it would take 30 s to cross the budget and 100 s to finish
        List<ResponseFuture> costlyJob = costly.map(function(dir), inputs(200));

        await("the costly instance cancelled").atMost(LOOP).until(() -> costlyJob.stream().allMatch(ResponseFuture::isDone));
        assertThat(costly.isCancelled()).isTrue();
        assertThatThrownBy(() -> costlyJob.get(199).result()).isInstanceOf(CostLimitExceededException.class);
        double spent = costlyJob.stream().flatMap(f -> f.status().attempts().stream())
                .mapToDouble(a -> a.runtime(Instant.now()).toMillis() / 1000.0 * MEMORY_MB).sum();
        log.info("instance cancelled by its forecast after spending {} MB·s, {} % of its budget", Math.round(spent),
                Math.round(100 * UNITCOST * spent / budget));
        assertThat(UNITCOST * spent).as("spent when cancelled, against the budget").isLessThan(budget);

        assertThat(cheap.getResult(cheapJob)).hasSize(20);
        assertThat(cheap.isCancelled()).isFalse();
        assertThat(cheapDecisions).filteredOn(ActionRecord::applied).isEmpty();
    }

    // ---- helpers ----

    private static CallFunction function(Path dir) {
        return Calls.script(FUNCTION, dir,
                "if [ \"$SLA_INPUT\" = slow ] && [ \"$SLA_ATTEMPT\" = 0 ]; then exec sleep 40; fi;"
                        + " case \"$SLA_INPUT\" in long-*) sleep 2;; *) sleep 1;; esac");
    }

    private static List<String> inputs(int count) {
        return IntStream.range(0, count).mapToObj(Integer::toString).toList();
    }

    private static FunctionExecutor executor(int workers, List<ActionRecord> decisions) {
        RemediationSettings remediation = RemediationSettings.defaults(RabbitBroker.uri())
                .withQueueExpiry(Duration.ofMinutes(5)).withRecoveryInterval(Duration.ofSeconds(1));
        return FunctionExecutor.builder().backend(LocalBackend.withWorkers(workers)).memoryMb(MEMORY_MB)
                .pushgateway(URI.create(monitoring.pushgateway().url())).telemetryRetention(Duration.ofMinutes(5))
                .remediation(remediation).remediationListener(decisions::add).build();
    }

    private static List<JsonNode> history(String instance) {
        List<JsonNode> rows = new ArrayList<>();
        JSON.readTree(manager.api().get("/history?limit=1000")).forEach(row -> {
            if (row.path("instance").asString().equals(instance)) {
                rows.add(row);
            }
        });
        return rows;
    }

    private String agreement(String template, Map<String, Object> parameters) {
        Map<String, Object> withName = new HashMap<>(parameters);
        withName.put("agreementname", "e2e-" + template + "-" + UUID.randomUUID().toString().substring(0, 8));
        String id = manager.api().createAgreement(template, withName);
        agreements.add(id);
        return id;
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(resource);
        return resource;
    }
}
