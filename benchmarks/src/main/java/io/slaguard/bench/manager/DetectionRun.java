package io.slaguard.bench.manager;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DeliverCallback;

import io.slaguard.bench.manager.TelemetryPusher.Call;
import io.slaguard.protocol.Ids;
import io.slaguard.protocol.Times;
import io.slaguard.protocol.ViolationCodec;
import io.slaguard.protocol.ViolationMessage;
import io.slaguard.protocol.Violations;
import io.slaguard.testsupport.RabbitBroker;

/**
 * Detection latency: jobs of one instance, each with finished calls of known durations and one running call whose
 * tooLong deadline (start + TFACTOR × mean of the finished durations) falls at an instant computed from the pushed
 * values. Jobs are pushed at staggered instants, so the crossings fall at every phase of the check period. A queue
 * of our own on the manager's exchange receives the violations; crossing → receipt is the latency.
 */
final class DetectionRun implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DetectionRun.class);
    private static final double[] FINISHED_DURATIONS = {2.0, 2.5, 3.0};
    private static final int MEMORY_MB = 256;

    /** One job's straggler: when its deadline was crossed, the tick that reported it, and when we received it. */
    record Detection(String callId, double crossing, Instant tick, Instant received) {
        double latency() {
            return Times.epochSeconds(received) - crossing;
        }

        double crossingToTick() {
            return Times.epochSeconds(tick) - crossing;
        }

        double tickToReceipt() {
            return Times.epochSeconds(received) - Times.epochSeconds(tick);
        }
    }

    private final String instance = Ids.newInstance();
    private final double tfactor;
    private final Map<String, Double> crossings = new ConcurrentHashMap<>();
    private final Map<String, Detection> detections = new ConcurrentHashMap<>();
    private final List<String> pushErrors = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Connection connection;

    /** Starts listening on {@code exchange} for violations of this run's instance raised by {@code agreementId}. */
    DetectionRun(String exchange, String agreementId, double tfactor) throws IOException, TimeoutException {
        this.tfactor = tfactor;
        this.connection = RabbitBroker.connectionFactory().newConnection("manager-benchmark");
        Channel channel = connection.createChannel();
        // declared as the manager declares it, so either side may come first
        channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, exchange, Violations.instanceBinding(instance));
        DeliverCallback onMessage = (tag, delivery) -> {
            Instant received = Instant.now();
            ViolationMessage message;
            try {
                message = ViolationCodec.decode(delivery.getBody());
            } catch (RuntimeException e) {
                log.warn("a message on the benchmark queue is not a violation: {}", e.getMessage());
                return;
            }
            Double crossing = message.callId() == null ? null : crossings.get(message.callId());
            if (agreementId.equals(message.agreementId()) && crossing != null) {
                detections.putIfAbsent(message.callId(),
                        new Detection(message.callId(), crossing, message.violationTime(), received));
            }
        };
        channel.basicConsume(queue, true, onMessage, tag -> {
        });
    }

    /** Pushes job k at {@code firstPush + k × spacing}; the straggler starts at that instant. */
    void schedule(int jobs, double firstPush, double spacingSeconds, TelemetryPusher pusher) {
        String executor = Ids.executorId(instance, 0);
        for (int k = 0; k < jobs; k++) {
            double pushAt = firstPush + k * spacingSeconds;
            Ids.JobRef job = Ids.job(executor, Ids.JobKind.MAP, k);
            long delayMillis = Math.max(0, Math.round((pushAt - Times.epochSeconds(Instant.now())) * 1000));
            scheduler.schedule(() -> push(job, pushAt, pusher), delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void push(Ids.JobRef job, double stragglerStart, TelemetryPusher pusher) {
        List<Call> finished = new ArrayList<>();
        double sum = 0;
        for (int i = 0; i < FINISHED_DURATIONS.length; i++) {
            double start = stragglerStart - 20 + i;
            Call call = new Call(instance, job.jobId(), job.call(i).callId(), ScaleWorkload.FUNCTION, start,
                    start + FINISHED_DURATIONS[i]);
            finished.add(call);
            sum += call.end() - call.start();
        }
        Call straggler = new Call(instance, job.jobId(), job.call(FINISHED_DURATIONS.length).callId(),
                ScaleWorkload.FUNCTION, stragglerStart, Double.NaN);
        // the template's deadline, computed from the very values pushed
        crossings.put(straggler.callId(), straggler.start() + tfactor * (sum / finished.size()));
        try {
            pusher.job(instance, job.jobId(), ScaleWorkload.FUNCTION, finished.size() + 1, MEMORY_MB);
            for (Call call : finished) {
                pusher.start(call);
                pusher.end(call);
            }
            pusher.start(straggler);
        } catch (IOException e) {
            synchronized (pushErrors) {
                pushErrors.add(job.jobId() + ": " + e.getMessage());
            }
            log.warn("detection job {} could not be pushed: {}", job.jobId(), e.getMessage());
        }
    }

    boolean complete(int jobs) {
        return detections.size() >= jobs;
    }

    List<Detection> detections() {
        return detections.values().stream().sorted(java.util.Comparator.comparingDouble(Detection::crossing)).toList();
    }

    List<String> pushErrors() {
        synchronized (pushErrors) {
            return List.copyOf(pushErrors);
        }
    }

    @Override
    public void close() throws IOException {
        scheduler.shutdownNow();
        connection.close();
    }
}
