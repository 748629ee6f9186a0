package io.slaguard.systemtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;

import io.slaguard.executor.api.AttemptState;
import io.slaguard.executor.api.CallFunction;
import io.slaguard.executor.api.CallState;
import io.slaguard.executor.api.CallStatus;
import io.slaguard.executor.api.CostLimitExceededException;
import io.slaguard.executor.FunctionExecutor;
import io.slaguard.executor.api.ResponseFuture;
import io.slaguard.executor.backend.LocalBackend;
import io.slaguard.protocol.Violations;
import io.slaguard.remediation.ActionRecord;
import io.slaguard.remediation.RemediationActions.Outcome;
import io.slaguard.remediation.RemediationSettings;
import io.slaguard.systemtests.e2e.Calls.Run;
import io.slaguard.testsupport.EngineKind;
import io.slaguard.testsupport.RabbitBroker;
import io.slaguard.testsupport.TcpProxy;

/**
 * The whole loop end to end: the executor library runs real OS processes and pushes their telemetry, Prometheus
 * scrapes it, the real manager (its own JVM, from the exec jar) assesses agreements made from the shipped templates
 * and publishes violations to the machine's RabbitMQ, and the executor's consumer remediates its own calls.
 */
class RemediationEndToEndTest {
    private static final Logger log = LoggerFactory.getLogger(RemediationEndToEndTest.class);
    /** The classic job: 4 calls of about 3 s; input 3 sleeps 40 s on its first attempt. */
    private static final List<String> INPUTS = List.of("0", "1", "2", "3");
    private static final int STRAGGLER = 3;
    private static final int CALL_SECONDS = 3;
    private static final int STRAGGLER_SECONDS = 40;
    /**
     * Behavioural bound, not a timing measurement: without a relaunch the job cannot end before 40 s; with one it
     * ends after deadline (1.3 × 3 s) + detection (scrape + tick) + a 3 s backup, plus slack for a busy machine.
     */
    private static final Duration RELAUNCHED_JOB_BOUND = Duration.ofSeconds(30);
    /** Everything the loop does takes seconds; generous for a machine shared with other builds. */
    private static final Duration LOOP = Duration.ofSeconds(90);

    private final EndToEndStack stack = EndToEndStack.shared();
    private final List<ActionRecord> decisions = new CopyOnWriteArrayList<>();
    private final List<Created> agreements = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        // agreements are global to the manager: a later test must not be assessed against this one's
        agreements.forEach(created -> stack.manager(created.engine()).api().terminate(created.id()));
    }

    /** Once per query engine the manager is tested on: the same loop with the manager reading VictoriaMetrics. */
    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void aStragglerIsRelaunchedAndTheJobEndsLongBeforeItsFirstAttemptWould(EngineKind engine) {
        String agreement = agreement(engine, "cloudbutton_tooLong", Map.of("TFACTOR", 1.3));
        FunctionExecutor executor = executor(4, RabbitBroker.uri());

        StragglerJob job = StragglerJob.run(executor, dir);

        job.assertRelaunchedOnce(decisions);
        assertThat(job.makespan()).isLessThan(RELAUNCHED_JOB_BOUND);
        assertThat(stack.manager(engine).api().violations(agreement)).extracting(ManagerApi.StoredViolation::key)
                .contains(job.stragglerId());
    }

    @Test
    void aCallThatNeverStartedIsReinvokedAndCompletes() throws IOException {
        String agreement = agreement("cloudbutton_notStarted", Map.of("NOTSTARTEDFOR", 2));
        // 3 workers for 4 calls: the first three hold them until the gate opens, the fourth cannot start
        FunctionExecutor executor = executor(3, RabbitBroker.uri());
        Path gate = dir.resolve("gate");
        CallFunction gated = Calls.script("gated", dir,
                "if [ \"$SLA_ATTEMPT\" = 0 ]; then while [ ! -f '" + gate + "' ]; do sleep 0.1; done; fi");
        List<ResponseFuture> futures = executor.map(gated, INPUTS);
        await("three calls holding the workers").atMost(LOOP)
                .until(() -> futures.stream().filter(f -> f.status().state() == CallState.RUNNING).count() == 3);
        ResponseFuture waiting = futures.stream().filter(f -> f.status().state() == CallState.PENDING).findFirst()
                .orElseThrow();

        await("notStarted violation re-invokes " + waiting.callId()).atMost(LOOP)
                .until(() -> applied(Violations.ACTION_REINVOKE, waiting.callId()).size() == 1);
        Files.createFile(gate);

        assertThat(results(executor, futures)).containsExactly("r-0\n", "r-1\n", "r-2\n", "r-3\n");
        CallStatus reinvoked = waiting.status();
        assertThat(reinvoked.attempts()).extracting(a -> a.state())
                .containsExactly(AttemptState.SKIPPED, AttemptState.SUCCEEDED);
        assertThat(reinvoked.winner()).isEqualTo(1);
        assertThat(Calls.runsOf(dir, waiting.callId())).extracting(Run::attempt).containsExactly(1);
        assertThat(Calls.runs(dir)).hasSize(4);
        assertThat(applied(Violations.ACTION_REINVOKE, null)).hasSize(1);
        assertThat(stack.manager().api().violations(agreement)).extracting(ManagerApi.StoredViolation::guarantee)
                .contains(Violations.NOT_STARTED);
    }

    @Test
    void anInstanceOverBudgetIsCancelledAndRefusesNewJobs() {
        // 4 calls × 1024 MB × $1.6276e-8 per MB·s ≈ $0.000067 per second: over $0.0001 within two seconds
        String agreement = agreement("cloudbutton_tooCostly", Map.of("MAXCOST", 0.0001));
        FunctionExecutor executor = executor(4, RabbitBroker.uri());
        CallFunction sleeper = Calls.script("sleeper", dir, "exec sleep 60");
        List<ResponseFuture> futures = executor.map(sleeper, INPUTS);

        // bound: the calls would run 60 s if nothing cancelled them
        await("instance cancelled").atMost(Duration.ofSeconds(50)).until(() -> futures.stream().allMatch(ResponseFuture::isDone));
        for (ResponseFuture future : futures) {
            assertThatThrownBy(future::result).isInstanceOf(CostLimitExceededException.class);
            assertThat(future.status().state()).isEqualTo(CallState.CANCELLED);
        }
        assertThat(executor.isCancelled()).isTrue();
        assertThatThrownBy(() -> executor.map(sleeper, INPUTS)).isInstanceOf(CostLimitExceededException.class);
        await("every call's process killed").atMost(LOOP).until(() -> Calls.runs(dir).stream().noneMatch(Run::isAlive));
        // the consumer reports its decision after applying it, so after the futures failed
        await("the cancellation reported").atMost(LOOP)
                .until(() -> applied(Violations.ACTION_CANCEL_INSTANCE, executor.instance()).size() == 1);
        assertThat(stack.manager().api().violations(agreement)).extracting(ManagerApi.StoredViolation::key)
                .contains(executor.instance());
    }

    @Test
    void aViolationDeliveredTwiceCausesOneAction() throws Exception {
        agreement("cloudbutton_tooLong", Map.of("TFACTOR", 1.3));
        FunctionExecutor executor = executor(4, RabbitBroker.uri());
        Channel channel = channel();
        String routingKey = Violations.routingKey(Violations.TOO_LONG, executor.instance());
        BlockingQueue<Delivery> published = listen(channel, Violations.EXCHANGE, routingKey);

        StragglerJob job = StragglerJob.start(executor, dir);
        ActionRecord backup = await("backup of the straggler").atMost(LOOP)
                .until(() -> applied(Violations.ACTION_START_BACKUP, job.stragglerId()), found -> found.size() == 1).get(0);
        Delivery original = await("the manager's message, as it was published").atMost(LOOP)
                .until(() -> take(published, d -> backup.messageId().equals(d.getProperties().getMessageId())),
                        found -> found != null);

        channel.basicPublish(Violations.EXCHANGE, routingKey, original.getProperties(), original.getBody());
        ActionRecord again = await("the second delivery decided").atMost(LOOP)
                .until(() -> decisionsOn(backup.messageId()), found -> found.size() == 2).get(1);

        assertThat(again.outcome()).isEqualTo(Outcome.NOT_NEEDED);
        assertThat(again.detail()).startsWith("duplicate");
        job.awaitEnd();
        job.assertRelaunchedOnce(decisions);
    }

    @Test
    void aGarbageMessageIsDeadLetteredAndTheConsumerKeepsWorking() throws Exception {
        FunctionExecutor executor = executor(4, RabbitBroker.uri());
        Channel channel = channel();
        // the dead-letter exchange is a fanout: a queue of this test's own sees every dead letter without taking
        // it away from sla.violations.dead
        BlockingQueue<Delivery> deadLetters = listen(channel, Violations.DEAD_LETTER_EXCHANGE, "");
        String garbageId = "garbage-" + UUID.randomUUID();
        channel.basicPublish(Violations.EXCHANGE, Violations.routingKey(Violations.TOO_LONG, executor.instance()),
                new AMQP.BasicProperties.Builder().messageId(garbageId).contentType(Violations.CONTENT_TYPE).build(),
                "{\"Fields\": not a violation".getBytes(StandardCharsets.UTF_8));

        Delivery dead = await("the garbage dead-lettered").atMost(LOOP)
                .until(() -> take(deadLetters, d -> garbageId.equals(d.getProperties().getMessageId())), d -> d != null);
        @SuppressWarnings("unchecked")
        Map<String, Object> death = ((List<Map<String, Object>>) dead.getProperties().getHeaders().get("x-death")).get(0);
        assertThat(death.get("queue")).hasToString(Violations.remediationQueue(executor.instance()));
        assertThat(death.get("reason")).hasToString("rejected");
        assertThat(channel.queueDeclarePassive(Violations.DEAD_LETTER_QUEUE).getQueue())
                .isEqualTo(Violations.DEAD_LETTER_QUEUE);

        agreement("cloudbutton_tooLong", Map.of("TFACTOR", 1.3));
        StragglerJob job = StragglerJob.run(executor, dir);
        job.assertRelaunchedOnce(decisions);
    }

    /** Which connections to RabbitMQ an outage takes away. */
    enum Outage {
        /** The broker is gone for the manager and the executor: violations wait in the manager's outbox. */
        WHOLE_BROKER,
        /** Only the executor lost its connection: violations pile up in its durable queue and arrive at once. */
        EXECUTOR_CONNECTION,
        /**
         * The manager's link is held open and silent (a half-open path), the executor's cut: the manager replaces its
         * connection and keeps the violations in its outbox; on release the held publishes reach the broker as well,
         * copies with the message ids the executor must drop.
         */
        HELD_MANAGER_LINK
    }

    @ParameterizedTest
    @EnumSource(Outage.class)
    void aBrokerOutageMidJobDelaysRemediationAndRunsNoCallTwice(Outage outage) throws Exception {
        String agreement = agreement("cloudbutton_tooLong", Map.of("TFACTOR", 1.3));
        TcpProxy executorBroker = closeLater(TcpProxy.to(RabbitBroker.host(), RabbitBroker.port()));
        // room for a third attempt: what keeps redelivered violations from starting one must be deduplication
        FunctionExecutor executor = executor(4, RabbitBroker.uri(executorBroker.port()), 3);
        Channel channel = channel();
        BlockingQueue<Delivery> published = listen(channel, Violations.EXCHANGE,
                Violations.routingKey(Violations.TOO_LONG, executor.instance()));
        StragglerJob job = StragglerJob.start(executor, dir);
        await("every call running").atMost(LOOP).until(() -> job.futures().stream()
                .allMatch(f -> f.status().state() == CallState.RUNNING));

        // from before the straggler's deadline
        executorBroker.cut();
        if (outage == Outage.WHOLE_BROKER) {
            stack.managerBroker().cut();
        } else if (outage == Outage.HELD_MANAGER_LINK) {
            stack.managerBroker().hold();
        }
        try {
            await("the manager sees the straggler").atMost(LOOP).until(() -> stack.manager().api().violations(agreement)
                    .stream().anyMatch(v -> v.key().equals(job.stragglerId())));
            if (outage == Outage.HELD_MANAGER_LINK) {
                await("the held link noticed").atMost(LOOP).until(() -> stack.manager().api().health()
                        .map(h -> h.path("components").path("rabbitmq").path("status").asString()).orElse(""),
                        "DOWN"::equals);
            }
            if (outage != Outage.EXECUTOR_CONNECTION) {
                await("its violation waits in the outbox").atMost(LOOP).until(() -> outboxPending() > 0);
            } else {
                // the manager reports the straggler every tick: several violations of one call will arrive together
                String queue = Violations.remediationQueue(executor.instance());
                await("violations wait in " + queue).atMost(LOOP)
                        .until(() -> channel.queueDeclarePassive(queue).getMessageCount() >= 2);
            }
            assertThat(job.straggler().status().attemptCount()).as("no remediation without the broker").isEqualTo(1);
        } finally {
            executorBroker.restore();
            stack.managerBroker().restore();
            stack.managerBroker().release();
        }

        job.awaitEnd();
        job.assertRelaunchedOnce(decisions);
        // exactly once per message id as the executor sees it, whatever copies the outage put on the wire
        assertThat(decisions.stream().filter(ActionRecord::applied).map(ActionRecord::messageId))
                .doesNotHaveDuplicates();
        assertThat(decisions.stream().filter(d -> d.detail() == null || !d.detail().startsWith("duplicate: message"))
                .map(ActionRecord::messageId)).as("each message id decided once, its copies dropped by id")
                .doesNotHaveDuplicates();
        List<String> ids = new ArrayList<>();
        published.forEach(d -> ids.add(d.getProperties().getMessageId()));
        log.info("{}: {} messages published, {} message ids", outage, ids.size(), ids.stream().distinct().count());
        assertThat(Calls.runs(dir)).extracting(run -> run.callId() + "/" + run.attempt()).doesNotHaveDuplicates()
                .hasSize(INPUTS.size() + 1);
        await("outbox drained").atMost(LOOP).until(() -> outboxPending() == 0);
    }

    // ---- helpers ----

    /** An agreement created on the manager that queries {@code engine}. */
    private record Created(EngineKind engine, String id) {
    }

    private String agreement(String template, Map<String, Object> parameters) {
        return agreement(EngineKind.PROMETHEUS, template, parameters);
    }

    private String agreement(EngineKind engine, String template, Map<String, Object> parameters) {
        Map<String, Object> withName = new HashMap<>(parameters);
        withName.put("agreementname", "e2e-" + template.replace("cloudbutton_", "") + "-" + UUID.randomUUID().toString().substring(0, 8));
        String id = stack.manager(engine).api().createAgreement(template, withName);
        agreements.add(new Created(engine, id));
        return id;
    }

    private FunctionExecutor executor(int workers, String brokerUri) {
        return executor(workers, brokerUri, RemediationSettings.DEFAULT_MAX_ATTEMPTS);
    }

    private FunctionExecutor executor(int workers, String brokerUri, int maxAttempts) {
        RemediationSettings remediation = RemediationSettings.defaults(brokerUri).withMaxAttempts(maxAttempts)
                // the broker is shared: an instance queue left behind by a failed run goes away on its own
                .withQueueExpiry(Duration.ofMinutes(5)).withRecoveryInterval(Duration.ofSeconds(1));
        return closeLater(FunctionExecutor.builder().backend(LocalBackend.withWorkers(workers)).memoryMb(1024)
                .pushgateway(URI.create(stack.monitoring().pushgateway().url())).telemetryRetention(Duration.ZERO)
                .remediation(remediation).remediationListener(decisions::add).build());
    }

    private Channel channel() throws Exception {
        Connection connection = closeLater(RabbitBroker.connectionFactory().newConnection("e2e-test"));
        return connection.createChannel();
    }

    /** A queue of this test's own bound to {@code exchange} with {@code routingKey}; what arrives is collected. */
    private static BlockingQueue<Delivery> listen(Channel channel, String exchange, String routingKey) throws IOException {
        String queue = channel.queueDeclare("", false, true, true, null).getQueue();
        channel.queueBind(queue, exchange, routingKey);
        BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
        channel.basicConsume(queue, true, (tag, delivery) -> received.add(delivery), tag -> { });
        return received;
    }

    private static Delivery take(BlockingQueue<Delivery> received, Predicate<Delivery> wanted) {
        for (Delivery delivery = received.poll(); delivery != null; delivery = received.poll()) {
            if (wanted.test(delivery)) {
                return delivery;
            }
        }
        return null;
    }

    /** Applied actions of a kind, on one key (null: any key). */
    private List<ActionRecord> applied(String action, String key) {
        return decisions.stream().filter(ActionRecord::applied).filter(d -> d.action().equals(action))
                .filter(d -> key == null || d.key().equals(key)).toList();
    }

    private List<ActionRecord> decisionsOn(String messageId) {
        return decisions.stream().filter(d -> messageId.equals(d.messageId())).toList();
    }

    private double outboxPending() {
        return stack.manager().api().metrics().lines()
                .filter(line -> line.startsWith(Violations.METRIC_OUTBOX_PENDING + " ")
                        || line.startsWith(Violations.METRIC_OUTBOX_PENDING + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static List<String> results(FunctionExecutor executor, List<ResponseFuture> futures) {
        await("job done").atMost(LOOP).until(() -> futures.stream().allMatch(ResponseFuture::isDone));
        return executor.getResult(futures);
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(resource);
        return resource;
    }

    /** The classic straggler job on an executor, and what the tests check about it. */
    private static final class StragglerJob {
        private final List<ResponseFuture> futures;
        private final Path dir;
        private final Instant begin = Instant.now();
        private Instant end;

        private StragglerJob(FunctionExecutor executor, Path dir) {
            this.dir = dir;
            this.futures = executor.map(Calls.straggler(dir, INPUTS.get(STRAGGLER), CALL_SECONDS, STRAGGLER_SECONDS),
                    INPUTS);
        }

        static StragglerJob start(FunctionExecutor executor, Path dir) {
            return new StragglerJob(executor, dir);
        }

        static StragglerJob run(FunctionExecutor executor, Path dir) {
            StragglerJob job = start(executor, dir);
            job.awaitEnd();
            return job;
        }

        List<ResponseFuture> futures() {
            return futures;
        }

        void awaitEnd() {
            // a job that was never remediated still ends, after 40 s: the bound below then fails the test
            await("job done").atMost(LOOP).until(() -> futures.stream().allMatch(ResponseFuture::isDone));
            end = Instant.now();
            log.info("straggler job of {} ended after {} ms", straggler().callId(), makespan().toMillis());
        }

        ResponseFuture straggler() {
            return futures.get(STRAGGLER);
        }

        String stragglerId() {
            return straggler().callId();
        }

        Duration makespan() {
            return Duration.between(begin, end);
        }

        /** All results; the straggler won by its one backup; its first attempt cancelled and its process gone. */
        void assertRelaunchedOnce(List<ActionRecord> decisions) {
            assertThat(futures.stream().map(ResponseFuture::result).toList())
                    .containsExactly("r-0\n", "r-1\n", "r-2\n", "r-3\n");
            CallStatus straggler = straggler().status();
            assertThat(straggler.attempts()).extracting(a -> a.state())
                    .containsExactly(AttemptState.CANCELLED, AttemptState.SUCCEEDED);
            assertThat(straggler.winner()).isEqualTo(1);
            for (ResponseFuture other : futures) {
                if (other != straggler()) {
                    assertThat(other.status().attemptCount()).as(other.callId()).isEqualTo(1);
                }
            }
            assertThat(decisions).filteredOn(ActionRecord::applied).singleElement().satisfies(d -> {
                assertThat(d.action()).isEqualTo(Violations.ACTION_START_BACKUP);
                assertThat(d.key()).isEqualTo(stragglerId());
            });
            Run loser = Calls.runsOf(dir, stragglerId()).stream().filter(run -> run.attempt() == 0).findFirst().orElseThrow();
            await("the cancelled attempt's process gone").atMost(LOOP).until(() -> !loser.isAlive());
        }
    }
}
