package io.slaguard.manager.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.slaguard.manager.model.Violation;

/** The dispatcher's own logic, with fake channels and the in-memory outbox. */
class OutboxDispatcherTest {
    private static final Duration AWAIT = Duration.ofSeconds(20);
    private static final DispatcherSettings FAST = new DispatcherSettings(Duration.ofMillis(50), 3,
            Duration.ofSeconds(2), Duration.ofSeconds(10));

    private final TestViolations violations = new TestViolations();
    private final InMemoryOutbox outbox = new InMemoryOutbox();

    @Test
    void deliversEachChannelOldestFirstAcrossBatches() {
        RecordingNotifier channel = new RecordingNotifier("memory");
        List<Violation> added = IntStream.range(0, 8).mapToObj(i -> violations.tooLong(i, i)).toList();
        added.forEach(v -> outbox.add(v, channel.name()));

        try (OutboxDispatcher dispatcher = dispatcher(List.of(channel), FAST, Clock.systemUTC())) {
            dispatcher.start();
            await().atMost(AWAIT).until(() -> dispatcher.pending() == 0);
        }

        assertThat(channel.delivered()).containsExactlyElementsOf(added);
    }

    @Test
    void aBatchingChannelGetsTheBatchAtOnceAndOnlyWhatItAcceptedIsMarkedDelivered() {
        List<List<Violation>> calls = new CopyOnWriteArrayList<>();
        AtomicBoolean refuseThird = new AtomicBoolean(true);
        Notifier batching = new Notifier() {
            @Override
            public String name() {
                return "batching";
            }

            @Override
            public void deliver(Violation violation) {
                throw new AssertionError("a batching channel is given batches");
            }

            @Override
            public int maxBatch() {
                return Integer.MAX_VALUE;
            }

            @Override
            public BatchResult deliverAll(List<Violation> batch) {
                calls.add(List.copyOf(batch));
                // the first call accepts two and refuses the third; later calls accept everything
                return refuseThird.getAndSet(false) ? new BatchResult(2, new IOException("broker refused the third"))
                        : new BatchResult(batch.size(), null);
            }
        };
        DispatcherSettings tenPerLook = new DispatcherSettings(Duration.ofMillis(50), 10, Duration.ofMillis(200),
                Duration.ofMillis(200));
        List<Violation> added = IntStream.range(0, 5).mapToObj(i -> violations.tooLong(i, i)).toList();
        added.forEach(v -> outbox.add(v, batching.name()));

        try (OutboxDispatcher dispatcher = dispatcher(List.of(batching), tenPerLook, Clock.systemUTC())) {
            dispatcher.start();
            await().atMost(AWAIT).until(() -> dispatcher.pending() == 0);
        }

        // one call with all five; later ones bring the refused one (after its backoff) and the two behind it, once
        assertThat(calls.get(0)).containsExactlyElementsOf(added);
        assertThat(calls.subList(1, calls.size()).stream().flatMap(List::stream).toList())
                .containsExactlyInAnyOrder(added.get(2), added.get(3), added.get(4));
        assertThat(outbox.states("batching")).allSatisfy(s -> assertThat(s.deliveredAt()).isNotNull())
                .extracting(InMemoryOutbox.State::attempts).containsExactly(1, 1, 2, 1, 1);
    }

    @Test
    void wakeUpDeliversWithoutWaitingForThePoll() {
        RecordingNotifier channel = new RecordingNotifier("memory");
        DispatcherSettings slowPoll = new DispatcherSettings(Duration.ofHours(1), 10, Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        try (OutboxDispatcher dispatcher = dispatcher(List.of(channel), slowPoll, Clock.systemUTC())) {
            dispatcher.start();
            outbox.add(violations.tooLong(0, 1), channel.name());

            dispatcher.wakeUp();

            await().atMost(AWAIT).until(() -> channel.delivered().size() == 1);
        }
    }

    @Test
    void aHungChannelDoesNotDelayTheOthers() {
        CountDownLatch brokerBack = new CountDownLatch(1);
        Notifier hung = new Notifier() {
            @Override
            public String name() {
                return "hung";
            }

            @Override
            public void deliver(Violation violation) throws InterruptedException {
                brokerBack.await();
            }
        };
        RecordingNotifier other = new RecordingNotifier("other");
        Violation v = violations.tooLong(0, 1);
        outbox.add(v, hung.name(), other.name());

        try (OutboxDispatcher dispatcher = dispatcher(List.of(hung, other), FAST, Clock.systemUTC())) {
            dispatcher.start();
            await().atMost(AWAIT).until(() -> other.delivered().size() == 1);
            assertThat(outbox.pending(hung.name())).isEqualTo(1);

            brokerBack.countDown();
            await().atMost(AWAIT).until(() -> dispatcher.pending() == 0);
        }
    }

    @Test
    void aFailureIsRecordedWithBackoffAndTheErrorWithoutItsPassword() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Notifier failing = new Notifier() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public void deliver(Violation violation) throws IOException {
                throw new IOException("cannot reach amqp://sla:s3cret@broker:5672/%2F");
            }
        };
        outbox.add(violations.tooLong(0, 1), failing.name());

        try (OutboxDispatcher dispatcher = dispatcher(List.of(failing), FAST, Clock.fixed(now, ZoneOffset.UTC))) {
            dispatcher.start();
            await().atMost(AWAIT).until(() -> outbox.states(failing.name()).get(0).attempts() == 1);
        }

        InMemoryOutbox.State state = outbox.states(failing.name()).get(0);
        assertThat(state.deliveredAt()).isNull();
        assertThat(state.retryAt()).isEqualTo(now.plus(FAST.backoffMin()));
        assertThat(state.error()).contains("IOException", "amqp://sla:****@broker").doesNotContain("s3cret");
    }

    @Test
    void anUnreadableOutboxIsRetriedNotFatal() {
        AtomicInteger outages = new AtomicInteger(3);
        Outbox flaky = new Outbox() {
            @Override
            public List<Entry> due(String channel, Instant now, int limit) {
                if (outages.getAndDecrement() > 0) {
                    throw new IllegalStateException("database unavailable");
                }
                return outbox.due(channel, now, limit);
            }

            @Override
            public void delivered(List<Long> entryIds, Instant at) {
                outbox.delivered(entryIds, at);
            }

            @Override
            public void failed(long entryId, String error, Instant retryAt) {
                outbox.failed(entryId, error, retryAt);
            }

            @Override
            public long pending() {
                return outbox.pending();
            }

            @Override
            public long pending(Collection<String> channels) {
                return outbox.pending(channels);
            }
        };
        RecordingNotifier channel = new RecordingNotifier("memory");
        outbox.add(violations.tooLong(0, 1), channel.name());

        try (OutboxDispatcher dispatcher = new OutboxDispatcher(flaky, List.of(channel), FAST, Clock.systemUTC())) {
            dispatcher.start();
            await().atMost(AWAIT).until(() -> channel.delivered().size() == 1);
        }
        assertThat(outages.get()).isNegative();
    }

    @Test
    void channelNamesMustBeUnique() {
        assertThatThrownBy(() -> dispatcher(List.of(new RecordingNotifier("x"), new RecordingNotifier("x")), FAST,
                Clock.systemUTC())).hasMessageContaining("'x'");
    }

    private OutboxDispatcher dispatcher(List<Notifier> notifiers, DispatcherSettings settings, Clock clock) {
        return new OutboxDispatcher(outbox, notifiers, settings, clock);
    }
}
