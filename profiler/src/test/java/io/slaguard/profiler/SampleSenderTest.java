package io.slaguard.profiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.slaguard.protocol.Backoff;

/** The sender's queueing and retry rules, with a pusher that the test controls. */
class SampleSenderTest {
    private static final Backoff QUICK = new Backoff(Duration.ofMillis(1), Duration.ofMillis(4));

    @Test
    void offerNeverBlocksAndAFullQueueShedsItsOldestSample() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<MetricSnapshots> pushed = new CopyOnWriteArrayList<>();
        MetricSnapshots first = sample();
        SampleSender sender = new SampleSender(s -> {
            entered.countDown();
            block(release);
            pushed.add(s);
        }, 2, QUICK, "test");
        sender.offer(first);
        block(entered);

        // the first sample is stuck in a push; the queue holds 2, so of the next 4 the 2 oldest go
        List<MetricSnapshots> next = List.of(sample(), sample(), sample(), sample());
        next.forEach(sender::offer);
        assertThat(sender.dropped()).isEqualTo(2);

        release.countDown();
        sender.close();
        assertThat(sender.awaitFinished(Duration.ofSeconds(10))).isTrue();
        assertThat(pushed).containsExactly(first, next.get(2), next.get(3));
    }

    @Test
    void aSampleIsTriedThreeTimesThenDroppedAndTheNextOneStillGoes() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        List<MetricSnapshots> pushed = new CopyOnWriteArrayList<>();
        MetricSnapshots failing = sample();
        MetricSnapshots later = sample();
        SampleSender sender = new SampleSender(s -> {
            if (s == failing) {
                attempts.incrementAndGet();
                throw new IOException("Pushgateway down");
            }
            pushed.add(s);
        }, 4, QUICK, "test");

        sender.offer(failing);
        await().until(() -> sender.dropped() == 1);
        sender.offer(later);
        sender.close();

        assertThat(sender.awaitFinished(Duration.ofSeconds(10))).isTrue();
        assertThat(attempts).hasValue(SampleSender.ATTEMPTS_PER_SAMPLE);
        assertThat(pushed).containsExactly(later);
        assertThat(sender.delivered()).isEqualTo(1);
    }

    @Test
    void aFailingSampleIsGivenUpAsSoonAsANewerOneWaits() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch newerQueued = new CountDownLatch(1);
        MetricSnapshots failing = sample();
        SampleSender sender = new SampleSender(s -> {
            if (s == failing) {
                attempts.incrementAndGet();
                block(newerQueued);
                throw new IOException("Pushgateway down");
            }
        }, 4, QUICK, "test");

        sender.offer(failing);
        await().until(() -> attempts.get() == 1);
        sender.offer(sample());
        newerQueued.countDown();
        sender.close();

        assertThat(sender.awaitFinished(Duration.ofSeconds(10))).isTrue();
        assertThat(attempts).hasValue(1);
        assertThat(sender.dropped()).isEqualTo(1);
        assertThat(sender.delivered()).isEqualTo(1);
    }

    @Test
    void nothingIsQueuedAfterClose() throws Exception {
        List<MetricSnapshots> pushed = new CopyOnWriteArrayList<>();
        SampleSender sender = new SampleSender(pushed::add, 4, QUICK, "test");
        sender.close();
        sender.offer(sample());
        assertThat(sender.awaitFinished(Duration.ofSeconds(10))).isTrue();
        assertThat(pushed).isEmpty();
        assertThat(sender.dropped()).isZero();
    }

    private static MetricSnapshots sample() {
        return new MetricSnapshots();
    }

    private static void block(CountDownLatch latch) throws IOException {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
