package io.slaguard.manager.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.rabbitmq.client.ShutdownSignalException;

import io.slaguard.manager.model.Violation;
import io.slaguard.testsupport.RabbitBroker;
import io.slaguard.testsupport.TcpProxy;

/**
 * A half-open broker link (sockets open, no byte passing) is noticed within the confirm timeout, reported, and
 * replaced; every message arrives once the path passes traffic again, each message id to the consumer.
 */
class BrokerHoldTest {
    private final String exchange = "sla.violations.hold-" + UUID.randomUUID();
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

    @Test
    @Timeout(180) // guards against the hang this test is about; not a measure of speed
    void aHeldLinkIsDetectedReplacedAndDeliversEveryMessageOnRelease() throws Exception {
        List<Violation> batch = IntStream.range(0, 5).mapToObj(i -> violations.tooLong(i, 10 + i)).toList();
        Set<String> ids = batch.stream().map(Violation::id).collect(Collectors.toSet());
        try (TcpProxy proxy = TcpProxy.to(RabbitBroker.host(), RabbitBroker.port());
             RabbitMqNotifier notifier = new RabbitMqNotifier(RabbitMqSettings.defaults(RabbitBroker.uri(proxy.port()))
                     .withExchange(exchange).withLegacyQueue(false, null)
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
}
