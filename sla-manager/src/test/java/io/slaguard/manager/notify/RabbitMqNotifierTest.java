package io.slaguard.manager.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;

import io.slaguard.manager.model.Violation;
import io.slaguard.protocol.Times;
import io.slaguard.protocol.Violations;
import io.slaguard.testsupport.RabbitBroker;
import io.slaguard.testsupport.TcpProxy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Against the machine's RabbitMQ; each test publishes to its own exchange, except the legacy-queue test. */
class RabbitMqNotifierTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration AWAIT = Duration.ofSeconds(30);

    private final String exchange = "sla.violations.test-" + UUID.randomUUID();
    private final TestViolations violations = new TestViolations();
    private TestConsumer consumer;

    @BeforeEach
    void consume() throws IOException, TimeoutException {
        consumer = new TestConsumer(exchange);
    }

    @AfterEach
    void cleanUp() throws IOException, TimeoutException {
        consumer.channel().exchangeDelete(exchange);
        consumer.close();
    }

    private RabbitMqSettings settings(String uri) {
        return RabbitMqSettings.defaults(uri).withExchange(exchange).withLegacyQueue(false, null)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(200));
    }

    /** A queue bound to the exchange that holds {@code capacity} messages, then makes the broker nack the rest. */
    private String rejectingQueue(int capacity) throws IOException {
        String queue = consumer.channel().queueDeclare("", false, true, true,
                Map.of("x-max-length", capacity, "x-overflow", "reject-publish")).getQueue();
        consumer.channel().queueBind(queue, exchange, "#");
        return queue;
    }

    @Test
    void publishesTheUpstreamBodyPersistentWithIdAndRoutingKey() throws Exception {
        Violation v = violations.tooLong(3, 1639574814.5585732);
        try (RabbitMqNotifier notifier = new RabbitMqNotifier(settings(RabbitBroker.uri()))) {
            notifier.deliver(v);
        }

        await().atMost(AWAIT).until(() -> consumer.received().size() == 1);
        TestConsumer.Received r = consumer.received().get(0);
        assertThat(r.routingKey()).isEqualTo("tooLong." + violations.instance);
        assertThat(r.properties().getDeliveryMode()).isEqualTo(2);
        assertThat(r.properties().getContentType()).isEqualTo("application/json");
        assertThat(r.properties().getMessageId()).isEqualTo(v.id());
        assertThat(r.properties().getTimestamp().toInstant().getEpochSecond()).isEqualTo(v.datetime().getEpochSecond());

        JsonNode body = JSON.readTree(r.body());
        JsonNode fields = body.path("Fields");
        String callId = violations.job.call(3).callId();
        assertThat(fields.path("AgreementId").asString()).isEqualTo(violations.agreement);
        assertThat(fields.path("Guarantee").asString()).isEqualTo("tooLong");
        assertThat(fields.path("ViolationTime").asString()).isEqualTo(Times.format(v.datetime()));
        assertThat(fields.path("ViolationId").asString()).isEqualTo(v.id());
        assertThat(fields.path("Key").asString()).isEqualTo(callId);
        assertThat(fields.path("Instance").asString()).isEqualTo(violations.instance);
        assertThat(fields.path("JobId").asString()).isEqualTo(violations.job.jobId());
        assertThat(fields.path("CallId").asString()).isEqualTo(callId);
        assertThat(fields.has("notStarted")).isFalse();
        assertThat(body.path("Message")).hasSize(1);
        JsonNode entry = body.path("Message").get(0);
        assertThat(entry.path("key").asString()).isEqualTo(callId);
        assertThat(entry.path("value").asDouble()).isEqualTo(1639574814.5585732);
        assertThat(entry.path("datetime").asString()).isEqualTo(Times.format(v.datetime()));
        assertThat(entry.path("resource").asString()).isEqualTo("summ");
    }

    @Test
    void nanValueTravelsAsAString() throws Exception {
        try (RabbitMqNotifier notifier = new RabbitMqNotifier(settings(RabbitBroker.uri()))) {
            notifier.deliver(violations.tooLong(0, Double.NaN));
        }

        await().atMost(AWAIT).until(() -> consumer.received().size() == 1);
        JsonNode value = JSON.readTree(consumer.received().get(0).body()).path("Message").get(0).path("value");
        assertThat(value.isString()).isTrue();
        assertThat(value.asString()).isEqualTo("NaN");
    }

    @Test
    void connectDeclaresTheExchangeBeforeAnyViolation() throws Exception {
        String early = exchange + "-early";
        try (RabbitMqNotifier notifier = new RabbitMqNotifier(settings(RabbitBroker.uri()).withExchange(early))) {
            notifier.connect();

            assertThat(notifier.isConnected()).isTrue();
            consumer.channel().exchangeDeclarePassive(early);
        } finally {
            consumer.channel().exchangeDelete(early);
        }
    }

    @Test
    void aMessageTheBrokerRefusesIsAFailureAndTheNextDeliveryWorks() throws Exception {
        String full = rejectingQueue(0);
        try (RabbitMqNotifier notifier = new RabbitMqNotifier(settings(RabbitBroker.uri()))) {
            assertThatThrownBy(() -> notifier.deliver(violations.tooLong(0, 1))).isInstanceOf(IOException.class)
                    .hasMessageContaining("nack");

            consumer.channel().queueDelete(full);
            Violation accepted = violations.tooLong(1, 1);
            notifier.deliver(accepted);
            await().atMost(AWAIT).until(() -> consumer.countsById().containsKey(accepted.id()));
        }
    }

    @Test
    void aBatchIsConfirmedTogetherAndEveryMessageArrivesOnceWithItsId() throws Exception {
        List<Violation> batch = IntStream.range(0, 50).mapToObj(i -> violations.tooLong(i, i)).toList();
        try (RabbitMqNotifier notifier = new RabbitMqNotifier(settings(RabbitBroker.uri()))) {
            Notifier.BatchResult result = notifier.deliverAll(batch);

            assertThat(result.failure()).isNull();
            assertThat(result.delivered()).isEqualTo(50);
        }

        await().atMost(AWAIT).until(() -> consumer.received().size() == 50);
        assertThat(consumer.countsById()).containsOnlyKeys(batch.stream().map(Violation::id).toList())
                .allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
        assertThat(consumer.received()).allSatisfy(r -> assertThat(r.properties().getDeliveryMode()).isEqualTo(2));
    }

    @Test
    void aPushedOverLongInstanceLabelDoesNotStopTheBatch() throws Exception {
        Violation ordinary = violations.tooLong(1, 1);
        Map<String, String> labels = new java.util.HashMap<>(ordinary.labels());
        labels.put(io.slaguard.protocol.Telemetry.EXPORTED_INSTANCE, "i".repeat(400));
        Violation overLong = new Violation(UUID.randomUUID().toString(), ordinary.agreementId(), "tooLong",
                ordinary.datetime(), "k".repeat(400), "summ", 2, labels);
        try (RabbitMqNotifier notifier = new RabbitMqNotifier(settings(RabbitBroker.uri()))) {
            Notifier.BatchResult result = notifier.deliverAll(List.of(overLong, ordinary));
            assertThat(result.failure()).isNull();
            assertThat(result.delivered()).isEqualTo(2);
        }
        await().atMost(AWAIT).until(() -> consumer.received().size() == 2);
        assertThat(consumer.received()).extracting(TestConsumer.Received::routingKey)
                .containsExactlyInAnyOrder("tooLong._", "tooLong." + violations.instance);
    }

    @Test
    void inABatchTheMessagesBeforeTheOneTheBrokerRefusesCountAsDelivered() throws Exception {
        // holds two messages, then the broker nacks what is routed to it
        rejectingQueue(2);
        List<Violation> batch = List.of(violations.tooLong(0, 1), violations.tooLong(1, 1), violations.tooLong(2, 1),
                violations.tooLong(3, 1));
        try (RabbitMqNotifier notifier = new RabbitMqNotifier(settings(RabbitBroker.uri()))) {
            Notifier.BatchResult result = notifier.deliverAll(batch);

            assertThat(result.delivered()).isEqualTo(2);
            assertThat(result.failure()).isInstanceOf(IOException.class)
                    .hasMessage("broker refused violation " + batch.get(2).id() + " (nack)");
        }
    }

    /** The original configuration's forms: no path, a bare slash ({@code rabbitMQ: amqp://…:5672/}), an escaped slash. */
    @ParameterizedTest(name = "path \"{0}\"")
    @ValueSource(strings = {"", "/", "/%2F"})
    void theOriginalUriFormsReachTheDefaultVhost(String path) throws Exception {
        String uri = RabbitBroker.uri().replaceFirst("/$", "") + path;
        Violation v = violations.tooLong(0, 1);
        try (RabbitMqNotifier notifier = new RabbitMqNotifier(settings(uri))) {
            notifier.deliver(v);
            assertThat(notifier.toString()).contains("/%2F, exchange").doesNotContain(":guest@");
        }
        await().atMost(AWAIT).until(() -> consumer.countsById().containsKey(v.id()));
    }

    @Test
    void anUnknownVhostIsARefusalThatSaysWhyWithoutThePassword() {
        String vhost = "sla-no-such-vhost-" + UUID.randomUUID();
        try (RabbitMqNotifier notifier = new RabbitMqNotifier(settings(RabbitBroker.uri() + vhost))) {
            assertThat(notifier.refusal()).isEmpty();

            assertThatThrownBy(() -> notifier.deliver(violations.tooLong(0, 1))).isInstanceOf(IOException.class)
                    .hasMessageContaining(":****@").hasMessageContaining("refused").hasMessageContaining(vhost)
                    .hasMessageNotContaining(":guest@");
            assertThat(notifier.refusal()).hasValueSatisfying(reason -> assertThat(reason).contains("vhost", vhost));
            assertThat(notifier.isConnected()).isFalse();
        }
    }

    @Test
    void badCredentialsAreARefusalAndAReachableBrokerClearsIt() throws Exception {
        String wrong = RabbitBroker.uri().replaceFirst(":[^:@/]*@", ":not-the-password@");
        try (RabbitMqNotifier notifier = new RabbitMqNotifier(settings(wrong))) {
            assertThatThrownBy(() -> notifier.deliver(violations.tooLong(0, 1))).hasMessageNotContaining("not-the-password");
            assertThat(notifier.refusal()).hasValueSatisfying(reason -> assertThat(reason).startsWith("authentication failed"));
        }
        // an unreachable broker is not a refusal: reconnecting will fix it
        try (TcpProxy proxy = TcpProxy.to(RabbitBroker.host(), RabbitBroker.port());
             RabbitMqNotifier notifier = new RabbitMqNotifier(settings(RabbitBroker.uri(proxy.port())))) {
            proxy.cut();
            assertThatThrownBy(() -> notifier.deliver(violations.tooLong(0, 1))).isInstanceOf(IOException.class);
            assertThat(notifier.refusal()).isEmpty();
        }
    }

    @Test
    void deliveryFailsWhileTheBrokerIsUnreachable() {
        try (TcpProxy proxy = TcpProxy.to(RabbitBroker.host(), RabbitBroker.port());
             RabbitMqNotifier notifier = new RabbitMqNotifier(settings(RabbitBroker.uri(proxy.port())))) {
            proxy.cut();

            assertThatThrownBy(() -> notifier.deliver(violations.tooLong(0, 1))).isInstanceOf(IOException.class);
            assertThat(notifier.isConnected()).isFalse();
        }
    }

    @Test
    void anOutageDelaysDeliveryAndLosesOrDuplicatesNothing() throws Exception {
        InMemoryOutbox outbox = new InMemoryOutbox();
        RecordingNotifier other = new RecordingNotifier("other");
        DispatcherSettings fast = new DispatcherSettings(Duration.ofMillis(100), 10, Duration.ofMillis(100),
                Duration.ofMillis(500));
        try (TcpProxy proxy = TcpProxy.to(RabbitBroker.host(), RabbitBroker.port());
             RabbitMqNotifier rabbit = new RabbitMqNotifier(settings(RabbitBroker.uri(proxy.port())));
             OutboxDispatcher dispatcher = new OutboxDispatcher(outbox, List.of(rabbit, other), fast, Clock.systemUTC())) {
            dispatcher.start();
            Violation before = violations.tooLong(0, 1);
            outbox.add(before, RabbitMqNotifier.NAME, other.name());
            dispatcher.wakeUp();
            await().atMost(AWAIT).until(() -> consumer.countsById().containsKey(before.id()));

            proxy.cut();
            List<Violation> during = List.of(violations.tooLong(1, 1), violations.tooLong(2, 1), violations.tooLong(3, 1),
                    violations.tooLong(4, 1), violations.tooLong(5, 1));
            during.forEach(v -> outbox.add(v, RabbitMqNotifier.NAME, other.name()));
            dispatcher.wakeUp();

            await().atMost(AWAIT).until(() -> outbox.states(RabbitMqNotifier.NAME).stream()
                    .filter(s -> s.deliveredAt() == null).allMatch(s -> s.attempts() >= 2));
            assertThat(outbox.pending(RabbitMqNotifier.NAME)).isEqualTo(5);
            assertThat(outbox.states(RabbitMqNotifier.NAME).get(1).error()).isNotBlank().doesNotContain("guest:guest");
            assertThat(consumer.countsById()).containsOnlyKeys(before.id());
            // the broker outage did not hold up the other channel
            assertThat(other.delivered()).hasSize(6);
            assertThat(outbox.pending(other.name())).isZero();

            proxy.restore();
            await().atMost(AWAIT).until(() -> outbox.pending() == 0);
            await().atMost(AWAIT).until(() -> consumer.countsById().size() == 6);
            assertThat(consumer.countsById()).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
            assertThat(consumer.countsById().keySet())
                    .containsAll(during.stream().map(Violation::id).toList());
            assertThat(rabbit.isConnected()).isTrue();
        }
    }

    /**
     * A half-open link (sockets open, no byte passing) is noticed within the confirm timeout, reported, and replaced;
     * every message arrives once the path passes traffic again, each message id to the consumer.
     */
    @Test
    @Timeout(180) // guards against the hang this test is about; not a measure of speed
    void aHeldLinkIsDetectedReplacedAndDeliversEveryMessageOnRelease() throws Exception {
        List<Violation> batch = IntStream.range(0, 5).mapToObj(i -> violations.tooLong(i, 10 + i)).toList();
        Set<String> ids = batch.stream().map(Violation::id).collect(Collectors.toSet());
        try (TcpProxy proxy = TcpProxy.to(RabbitBroker.host(), RabbitBroker.port());
             RabbitMqNotifier notifier = new RabbitMqNotifier(settings(RabbitBroker.uri(proxy.port()))
                     .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(200)))) {
            notifier.connect();
            assertThat(notifier.doubt()).isNull();

            proxy.hold();
            Notifier.BatchResult held = notifier.deliverAll(batch);
            assertThat(held.delivered()).isZero();
            // the confirm timeout, or the missed heartbeats that end the connection at about the same time
            assertThat(held.failure()).isInstanceOfAny(TimeoutException.class, ShutdownSignalException.class);
            assertThat(notifier.doubt()).contains("no confirm");
            // the next attempt meets the same hold on a new connection: it fails too instead of waiting for ever
            assertThat(notifier.deliverAll(batch).failure()).isNotNull();
            assertThat(notifier.doubt()).isNotNull();
            assertThat(notifier.isConnected()).isFalse();
            assertThat(consumer.received()).isEmpty();

            proxy.release();
            await("delivered on a new connection").atMost(Duration.ofSeconds(60))
                    .until(() -> notifier.deliverAll(batch).failure() == null);
            await("every message id arrived").atMost(Duration.ofSeconds(30))
                    .until(() -> consumer.countsById().keySet().containsAll(ids));
            assertThat(notifier.doubt()).isNull();
            assertThat(notifier.isConnected()).isTrue();
            assertThat(consumer.countsById().keySet()).isEqualTo(ids);
            int copies = consumer.received().size() - ids.size();
            System.out.println("hold scenario: " + ids.size() + " message ids, " + consumer.received().size()
                    + " messages received, " + copies + " extra copies (dropped by id at the consumer)");
        }
    }

    @Test
    void legacyQueueIsDeclaredAsTheOriginalDidAndReceivesTheMessage() throws Exception {
        Violation v = violations.tooLong(0, 7);
        try (RabbitMqNotifier notifier = new RabbitMqNotifier(RabbitMqSettings.defaults(RabbitBroker.uri()));
             Connection connection = RabbitBroker.connectionFactory().newConnection("notify-test-legacy")) {
            notifier.deliver(v);

            Channel check = connection.createChannel();
            // redeclaring succeeds only if the queue is durable, not exclusive, not auto-delete, without arguments
            check.queueDeclare(Violations.LEGACY_QUEUE, true, false, false, null);
            Channel transientCheck = connection.createChannel();
            assertThatThrownBy(() -> transientCheck.queueDeclare(Violations.LEGACY_QUEUE, false, false, false, null))
                    .isInstanceOf(IOException.class);
            Channel argumentsCheck = connection.createChannel();
            assertThatThrownBy(() -> argumentsCheck.queueDeclare(Violations.LEGACY_QUEUE, true, false, false,
                    Map.of("x-queue-type", "quorum"))).isInstanceOf(IOException.class);

            try {
                assertThat(findInLegacyQueue(check, v.id())).isNotNull();
            } finally {
                // the test declared it: leave no durable queue behind to collect every later test message
                check.queueDelete(Violations.LEGACY_QUEUE);
            }
        }
    }

    /** The message with {@code id}, skipping whatever else sits in the shared legacy queue. */
    private static GetResponse findInLegacyQueue(Channel channel, String id) throws IOException {
        GetResponse response;
        while ((response = channel.basicGet(Violations.LEGACY_QUEUE, true)) != null) {
            if (id.equals(response.getProps().getMessageId())) {
                assertThat(response.getProps().getDeliveryMode()).isEqualTo(2);
                return response;
            }
        }
        return null;
    }
}
