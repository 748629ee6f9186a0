package io.slaguard.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.slaguard.protocol.Ids;
import io.slaguard.protocol.ViolationCodec;
import io.slaguard.protocol.ViolationMessage;
import io.slaguard.protocol.Violations;
import io.slaguard.remediation.RemediationActions.Outcome;
import io.slaguard.testsupport.RabbitBroker;
import io.slaguard.testsupport.TcpProxy;

/** The consumer against the machine's RabbitMQ, fed messages in the manager's wire shape. */
class RemediationConsumerTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static Connection admin;

    private final String instance = Ids.newInstance();
    private final String call = instance + "-0-M001-00003";
    private final RecordingActions actions = new RecordingActions(instance).knowing(call);
    private final List<ActionRecord> records = new CopyOnWriteArrayList<>();
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeAll
    static void connectAdmin() throws IOException, TimeoutException {
        admin = RabbitBroker.connectionFactory().newConnection("remediation-test-admin");
    }

    @AfterAll
    static void closeAdmin() throws IOException {
        admin.close();
    }

    @BeforeEach
    void exchangeExists() throws Exception {
        try (Channel ch = admin.createChannel()) {
            ch.exchangeDeclare(Violations.EXCHANGE, "topic", true);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
        try (Channel ch = admin.createChannel()) {
            ch.queueDelete(Violations.remediationQueue(instance));
        }
    }

    private RemediationConsumer start(RemediationSettings settings, RemediationActions with) throws IOException {
        RemediationConsumer consumer = new RemediationConsumer(settings, with, records::add, registry);
        cleanup.add(consumer);
        consumer.start();
        return consumer;
    }

    private RemediationConsumer start() throws IOException {
        return start(RemediationSettings.defaults(RabbitBroker.uri()), actions);
    }

    private void publish(ViolationMessage v, String messageId) throws Exception {
        publish(Violations.routingKey(v.guarantee(), v.instance()), ViolationCodec.encode(v), messageId);
    }

    private void publish(String routingKey, byte[] body, String messageId) throws Exception {
        AMQP.BasicProperties props = MessageProperties.PERSISTENT_BASIC.builder()
                .contentType(Violations.CONTENT_TYPE).messageId(messageId).build();
        try (Channel ch = admin.createChannel()) {
            ch.confirmSelect();
            ch.basicPublish(Violations.EXCHANGE, routingKey, props, body);
            ch.waitForConfirmsOrDie(PATIENCE.toMillis());
        }
    }

    private record QueueState(int ready, int consumers) {
    }

    private QueueState queueState() throws Exception {
        try (Channel ch = admin.createChannel()) {
            AMQP.Queue.DeclareOk ok = ch.queueDeclarePassive(Violations.remediationQueue(instance));
            return new QueueState(ok.getMessageCount(), ok.getConsumerCount());
        }
    }

    private void awaitRecords(int count) {
        await().atMost(PATIENCE).until(() -> records.size() >= count);
    }

    @Test
    void tooLongStartsABackupCountedAndRecordedBeforeTheAck() throws Exception {
        start();

        publish(Violation.tooLong(call), "m-" + UUID.randomUUID());

        awaitRecords(1);
        assertThat(actions.performed).containsExactly("startBackup " + call);
        assertThat(records.get(0).outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(RemediationMetrics.in(registry).value(Violations.ACTION_START_BACKUP, Outcome.APPLIED)).isEqualTo(1);
        await().atMost(PATIENCE).until(() -> queueState().equals(new QueueState(0, 1)));
    }

    @Test
    void aMessageDeliveredTwiceActsOnce() throws Exception {
        start();
        ViolationMessage v = Violation.tooLong(call);
        String id = "m-" + UUID.randomUUID();

        publish(v, id);
        publish(v, id);

        awaitRecords(2);
        assertThat(actions.performed).containsExactly("startBackup " + call);
        assertThat(records.get(1).detail()).startsWith("duplicate: message " + id);
    }

    @Test
    void twoViolationsOfTheSameAttemptActOnce() throws Exception {
        start(); // a re-invocation leaves the call's attempt where it was, unlike a backup

        publish(Violation.notStarted(call), "m-" + UUID.randomUUID());
        publish(Violation.notStarted(call), "m-" + UUID.randomUUID());

        awaitRecords(2);
        assertThat(actions.performed).containsExactly("reinvoke " + call);
        assertThat(records).extracting(ActionRecord::outcome).containsExactly(Outcome.APPLIED, Outcome.NOT_NEEDED);
        assertThat(records.get(1).detail()).isEqualTo("duplicate: notStarted of " + call + " was acted on already for attempt 0");
    }

    @Test
    void eachNewAttemptThatStragglesIsActedOnUntilTheCap() throws Exception {
        start(RemediationSettings.defaults(RabbitBroker.uri()).withMaxAttempts(3), actions);

        for (int i = 0; i < 3; i++) {
            publish(Violation.tooLong(call), "m-" + UUID.randomUUID());
        }

        awaitRecords(3);
        assertThat(records).extracting(ActionRecord::outcome)
                .containsExactly(Outcome.APPLIED, Outcome.APPLIED, Outcome.REFUSED);
        assertThat(records.get(2).detail()).isEqualTo("attempt cap: call has 3 attempt(s), maxAttempts 3");
        assertThat(actions.performed).hasSize(2);
        assertThat(RemediationMetrics.in(registry).value(Violations.ACTION_START_BACKUP, Outcome.REFUSED)).isEqualTo(1);
    }

    @Test
    void notStartedReinvokesTheMissingCall() throws Exception {
        start();

        publish(Violation.notStarted(call), "m-" + UUID.randomUUID());

        awaitRecords(1);
        assertThat(actions.performed).containsExactly("reinvoke " + call);
    }

    @Test
    void tooCostlyCancelsTheInstance() throws Exception {
        start();

        publish(Violation.tooCostly(instance), "m-" + UUID.randomUUID());

        awaitRecords(1);
        assertThat(actions.performed).containsExactly("cancelInstance " + instance);
        assertThat(RemediationMetrics.in(registry).value(Violations.ACTION_CANCEL_INSTANCE, Outcome.APPLIED)).isEqualTo(1);
    }

    @Test
    void garbageIsDeadLetteredAndTheNextMessageIsStillHandled() throws Exception {
        start();
        String garbageId = "garbage-" + UUID.randomUUID();

        publish(Violations.routingKey(Violations.TOO_LONG, instance), "{not json".getBytes(StandardCharsets.UTF_8), garbageId);
        publish(Violation.tooLong(call), "m-" + UUID.randomUUID());

        awaitRecords(1);
        assertThat(actions.performed).containsExactly("startBackup " + call);
        assertThat(RemediationMetrics.in(registry).value(Violations.ACTION_NONE, RemediationMetrics.REJECTED)).isEqualTo(1);
        await().atMost(PATIENCE).until(() -> takeDeadLetter(garbageId) != null);
        assertThat(queueState()).isEqualTo(new QueueState(0, 1));
    }

    /** Takes our message from the shared dead-letter queue, leaving everyone else's there. */
    private String takeDeadLetter(String messageId) throws Exception {
        try (Channel ch = admin.createChannel()) {
            String found = null;
            GetResponse response;
            long lastOther = 0;
            while ((response = ch.basicGet(Violations.DEAD_LETTER_QUEUE, false)) != null) {
                long tag = response.getEnvelope().getDeliveryTag();
                if (messageId.equals(response.getProps().getMessageId())) {
                    found = new String(response.getBody(), StandardCharsets.UTF_8);
                    ch.basicAck(tag, false);
                } else {
                    lastOther = tag;
                }
            }
            if (lastOther > 0) {
                ch.basicNack(lastOther, true, true);
            }
            return found;
        }
    }

    @Test
    void violationsOfAnotherInstanceNeverReachThisQueue() throws Exception {
        start();
        String otherInstance = Ids.newInstance();
        String otherCall = otherInstance + "-0-M001-00003";

        publish(Violation.tooLong(otherCall), "m-" + UUID.randomUUID());
        publish(Violation.tooLong(call), "m-" + UUID.randomUUID());

        awaitRecords(1);
        assertThat(records).extracting(ActionRecord::key).containsExactly(call);
        assertThat(actions.performed).containsExactly("startBackup " + call);
    }

    @Test
    void aFailingActionIsRecordedAndAcknowledged() throws Exception {
        RemediationConsumer consumer = start();
        actions.failWith(new IllegalStateException("backend down"));

        publish(Violation.tooLong(call), "m-" + UUID.randomUUID());

        awaitRecords(1);
        assertThat(records.get(0).outcome()).isEqualTo(Outcome.FAILED);
        consumer.close();
        await().atMost(PATIENCE).until(() -> queueState().equals(new QueueState(0, 0)));
    }

    @Test
    void theMessageStaysUnacknowledgedWhileTheActionRuns() throws Exception {
        RemediationConsumer consumer = start();
        CountDownLatch gate = new CountDownLatch(1);
        actions.blockOn(gate);
        publish(Violation.tooLong(call), "m-" + UUID.randomUUID());
        assertThat(actions.awaitEntered()).isTrue();

        consumer.close(); // dies mid-action: the broker must get the message back
        gate.countDown();

        await().atMost(PATIENCE).until(() -> queueState().equals(new QueueState(1, 0)));
        RecordingActions successor = new RecordingActions(instance).knowing(call);
        start(RemediationSettings.defaults(RabbitBroker.uri()), successor);
        await().atMost(PATIENCE).until(() -> successor.performed.size() == 1);
        await().atMost(PATIENCE).until(() -> queueState().equals(new QueueState(0, 1)));
    }

    @Test
    void recoversFromAnOutageAndHandlesWhatWasPublishedMeanwhileOnce() throws Exception {
        TcpProxy proxy = TcpProxy.to(RabbitBroker.host(), RabbitBroker.port());
        cleanup.add(proxy);
        String[] calls = {instance + "-0-M001-00000", instance + "-0-M001-00001", instance + "-0-M001-00002"};
        actions.knowing(calls);
        RemediationConsumer consumer = start(RemediationSettings.defaults(RabbitBroker.uri(proxy.port()))
                .withRecoveryInterval(Duration.ofMillis(200)), actions);
        publish(Violation.tooLong(call), "m-" + UUID.randomUUID());
        awaitRecords(1);

        proxy.cut();
        await().atMost(PATIENCE).until(() -> !consumer.isConnected() && queueState().consumers() == 0);
        for (String c : calls) {
            publish(Violation.tooLong(c), "m-" + UUID.randomUUID());
        }
        assertThat(queueState().ready()).isEqualTo(3);
        proxy.restore();

        await().atMost(PATIENCE).until(() -> records.size() == 4);
        assertThat(actions.performed).containsExactlyInAnyOrder("startBackup " + call, "startBackup " + calls[0],
                "startBackup " + calls[1], "startBackup " + calls[2]);
        await().atMost(PATIENCE).until(() -> queueState().equals(new QueueState(0, 1)));
        assertThat(consumer.isConnected()).isTrue();
    }

    @Test
    void aMessageWhoseAckWasLostIsRedeliveredAndNotActedOnTwice() throws Exception {
        TcpProxy proxy = TcpProxy.to(RabbitBroker.host(), RabbitBroker.port());
        cleanup.add(proxy);
        start(RemediationSettings.defaults(RabbitBroker.uri(proxy.port()))
                .withRecoveryInterval(Duration.ofMillis(200)), actions);
        CountDownLatch gate = new CountDownLatch(1);
        actions.blockOn(gate);
        String id = "m-" + UUID.randomUUID();
        publish(Violation.tooLong(call), id);
        assertThat(actions.awaitEntered()).isTrue();

        proxy.cut(); // the connection dies while the action runs; its ack cannot reach the broker
        await().atMost(PATIENCE).until(() -> queueState().equals(new QueueState(1, 0)));
        proxy.restore();
        gate.countDown();

        await().atMost(PATIENCE).until(() -> records.size() == 2);
        assertThat(actions.performed).containsExactly("startBackup " + call);
        assertThat(records.get(1).messageId()).isEqualTo(id);
        assertThat(records.get(1).detail()).startsWith("duplicate: message " + id);
        await().atMost(PATIENCE).until(() -> queueState().equals(new QueueState(0, 1)));
    }

    @Test
    void aDeletedQueueIsDeclaredAgainAndConsumed() throws Exception {
        start();
        try (Channel ch = admin.createChannel()) {
            ch.queueDelete(Violations.remediationQueue(instance));
        }

        await().atMost(PATIENCE).ignoreExceptions().until(() -> queueState().consumers() == 1);
        publish(Violation.tooLong(call), "m-" + UUID.randomUUID());

        awaitRecords(1);
        assertThat(actions.performed).containsExactly("startBackup " + call);
    }

    @Test
    void anAbandonedInstanceQueueExpires() throws Exception {
        RemediationConsumer consumer = start(RemediationSettings.defaults(RabbitBroker.uri())
                .withQueueExpiry(Duration.ofSeconds(1)), actions);
        assertThat(queueState().consumers()).isEqualTo(1);

        consumer.close();

        // a passive declare renews the queue's lease, so look less often than it expires
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThatThrownBy(this::queueState).isInstanceOf(IOException.class));
    }

    @Test
    void anUnreachableBrokerIsAClearErrorWithoutThePassword() {
        TcpProxy proxy = TcpProxy.to(RabbitBroker.host(), RabbitBroker.port());
        cleanup.add(proxy);
        proxy.cut();
        RemediationConsumer consumer = new RemediationConsumer(
                RemediationSettings.defaults("amqp://guest:t0psecret@127.0.0.1:" + proxy.port() + "/%2F"),
                actions, records::add, registry);

        assertThatThrownBy(consumer::start).isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot connect to RabbitMQ at amqp://guest:****@127.0.0.1:" + proxy.port())
                .hasMessageNotContaining("t0psecret");
    }

    @Test
    void aBrokerWithoutTheVhostRefusesWithAReasonThatSaysSo() {
        RemediationConsumer consumer = new RemediationConsumer(
                RemediationSettings.defaults(RabbitBroker.uri() + "sla-no-such-vhost"), actions, records::add, registry);

        assertThatThrownBy(consumer::start).isInstanceOf(IOException.class)
                .hasMessageContaining("/sla-no-such-vhost: refused (check the vhost")
                .hasMessageContaining(":****@");
    }
}
