package io.slaguard.remediation;

import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.slaguard.protocol.AmqpConnections;
import io.slaguard.protocol.ViolationCodec;
import io.slaguard.protocol.ViolationCodec.MalformedViolationException;
import io.slaguard.protocol.ViolationMessage;
import io.slaguard.protocol.Violations;
import io.slaguard.remediation.RemediationActions.Outcome;

/**
 * Consumes the violations of one executor instance from RabbitMQ and applies them through {@link RemediationActions}
 * (docs/architecture.md#remediation). Declares the durable queue {@code sla.remediation.<instance>} bound to the violations exchange with
 * {@code *.<instance>}, with a dead-letter exchange for messages that cannot be parsed.
 *
 * <p>Manual acknowledgement: every message is decided, applied, counted and passed to the listener before it is
 * acknowledged, so a consumer that dies mid-action leaves the message for the broker to redeliver. After a broker
 * restart or a network cut, the client reconnects on its own and restores the topology and the subscription.
 */
public final class RemediationConsumer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RemediationConsumer.class);
    private static final int HEARTBEAT_SECONDS = 10;
    private static final int CLOSE_TIMEOUT_MILLIS = 5_000;

    private final RemediationSettings settings;
    private final RemediationActions actions;
    private final RemediationListener listener;
    private final RemediationMetrics metrics;
    private final ViolationHandler handler;
    private final String queue;
    private Connection connection;
    private Channel channel;
    private String consumerTag;
    /** Held while one delivery is decided, recorded and acknowledged, so close() lets it finish. */
    private final ReentrantLock inFlight = new ReentrantLock();

    /** A consumer counting into the default Prometheus registry. */
    public RemediationConsumer(RemediationSettings settings, RemediationActions actions, RemediationListener listener) {
        this(settings, actions, listener, PrometheusRegistry.defaultRegistry);
    }

    public RemediationConsumer(RemediationSettings settings, RemediationActions actions, RemediationListener listener,
                               PrometheusRegistry registry) {
        this.settings = Objects.requireNonNull(settings, "remediation settings");
        this.actions = Objects.requireNonNull(actions, "remediation actions");
        this.listener = Objects.requireNonNull(listener, "remediation listener (RemediationListener.none() for none)");
        this.metrics = RemediationMetrics.in(Objects.requireNonNull(registry, "metrics registry"));
        this.queue = Violations.remediationQueue(actions.instance());
        this.handler = new ViolationHandler(actions, settings.maxAttempts(), settings.dedupMemory(), Clock.systemUTC());
    }

    /** The queue this consumer reads: {@code sla.remediation.<instance>}. */
    public String queue() {
        return queue;
    }

    public RemediationMetrics metrics() {
        return metrics;
    }

    /**
     * Connects, declares the topology and starts consuming.
     *
     * @throws IOException when the broker cannot be reached or refuses the declarations (message names the masked URI)
     */
    public synchronized void start() throws IOException {
        if (connection != null) {
            throw new IllegalStateException("remediation consumer of " + queue + " is already started");
        }
        Connection opened = connect();
        try {
            Channel ch = opened.createChannel();
            declareTopology(ch);
            ch.basicQos(settings.prefetch());
            consumerTag = ch.basicConsume(queue, false, "sla-remediation-" + actions.instance(), new Delivery(ch));
            connection = opened;
            channel = ch;
        } catch (IOException e) {
            closeQuietly(opened);
            throw new IOException("cannot set up " + queue + " on RabbitMQ at " + settings.maskedUri() + ": " + rootMessage(e), e);
        } catch (RuntimeException e) {
            closeQuietly(opened);
            throw e;
        }
        log.info("remediation of instance {} consuming {} from {} (prefetch {}, maxAttempts {})", actions.instance(),
                queue, settings.maskedUri(), settings.prefetch(), settings.maxAttempts());
    }

    /** True while the connection is open (false during an outage, until the client has recovered it). */
    public synchronized boolean isConnected() {
        return connection != null && connection.isOpen();
    }

    /**
     * Stops consuming. A delivery being handled is let finish (its action recorded and acknowledged), so an action
     * that ends the executor's work (cancelInstance) is not redelivered; other unacknowledged messages go back to
     * the queue.
     */
    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                channel.basicCancel(consumerTag);
            } catch (IOException | RuntimeException e) {
                log.debug("cancelling the remediation consumer: {}", e.toString());
            }
            boolean idle = false;
            try {
                idle = inFlight.tryLock(CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!idle) {
                log.warn("remediation of instance {} closing while an action is still running", actions.instance());
            }
            closeQuietly(connection);
            if (idle) {
                inFlight.unlock();
            }
            log.info("remediation of instance {} stopped", actions.instance());
            connection = null;
            channel = null;
        }
    }

    private Connection connect() throws IOException {
        ConnectionFactory factory = AmqpConnections.factory(settings.amqpUri());
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(settings.recoveryInterval().toMillis());
        factory.setRequestedHeartbeat(HEARTBEAT_SECONDS);
        Connection opened;
        try {
            opened = factory.newConnection("sla-remediation-" + actions.instance());
        } catch (IOException | TimeoutException e) {
            String reason = AmqpConnections.permanentRefusal(e).orElse(String.valueOf(e.getMessage()));
            throw new IOException("cannot connect to RabbitMQ at " + settings.maskedUri() + ": " + reason, e);
        }
        ((Recoverable) opened).addRecoveryListener(new RecoveryListener() {
            @Override
            public void handleRecoveryStarted(Recoverable recoverable) {
                log.warn("remediation of instance {} lost RabbitMQ at {}; reconnecting every {}", actions.instance(),
                        settings.maskedUri(), settings.recoveryInterval());
            }

            @Override
            public void handleRecovery(Recoverable recoverable) {
                log.info("remediation of instance {} reconnected to RabbitMQ; consuming {} again", actions.instance(), queue);
            }
        });
        return opened;
    }

    private void declareTopology(Channel ch) throws IOException {
        ch.exchangeDeclare(settings.exchange(), BuiltinExchangeType.TOPIC, true);
        // fanout: a rejected message keeps its routing key, and every one of them belongs in the dead queue
        ch.exchangeDeclare(settings.deadLetterExchange(), BuiltinExchangeType.FANOUT, true);
        ch.queueDeclare(settings.deadLetterQueue(), true, false, false, null);
        ch.queueBind(settings.deadLetterQueue(), settings.deadLetterExchange(), "");
        Map<String, Object> arguments = new HashMap<>();
        arguments.put("x-dead-letter-exchange", settings.deadLetterExchange());
        if (settings.queueExpiry() != null) {
            arguments.put("x-expires", (int) settings.queueExpiry().toMillis());
        }
        ch.queueDeclare(queue, true, false, false, arguments);
        ch.queueBind(queue, settings.exchange(), Violations.instanceBinding(actions.instance()));
    }

    /** Handles deliveries one at a time on the channel's dispatch thread; never lets an exception close the channel. */
    private final class Delivery extends DefaultConsumer {
        Delivery(Channel ch) {
            super(ch);
        }

        @Override
        public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            inFlight.lock();
            try {
                handle(envelope, properties, body);
            } finally {
                inFlight.unlock();
            }
        }

        private void handle(Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            long tag = envelope.getDeliveryTag();
            String messageId = properties.getMessageId();
            ViolationMessage violation;
            try {
                violation = ViolationCodec.decode(body);
            } catch (MalformedViolationException e) {
                log.warn("rejecting violation message {} ({} bytes) to {}: {}", messageId, body.length,
                        settings.deadLetterQueue(), e.getMessage());
                metrics.countRejected();
                reject(tag);
                return;
            }
            ActionRecord record;
            try {
                record = handler.handle(violation, messageId);
            } catch (RuntimeException e) {
                log.error("remediation failed on violation message {}; dead-lettering it", messageId, e);
                metrics.countRejected();
                reject(tag);
                return;
            }
            recordAction(record);
            acknowledge(tag, record);
        }

        /** The broker cancels a consumer whose queue was deleted; recovery does not cover that, so subscribe again. */
        @Override
        public void handleCancel(String consumerTag) {
            log.warn("RabbitMQ cancelled the remediation consumer of {} (queue deleted?); declaring it again", queue);
            try {
                declareTopology(getChannel());
                getChannel().basicConsume(queue, false, consumerTag, this);
                log.info("remediation of instance {} consuming {} again", actions.instance(), queue);
            } catch (IOException | RuntimeException e) {
                log.error("could not subscribe to {} again; violations of instance {} are not acted on until restart",
                        queue, actions.instance(), e);
            }
        }

        @Override
        public void handleShutdownSignal(String consumerTag, ShutdownSignalException signal) {
            if (!signal.isInitiatedByApplication()) {
                log.warn("remediation channel of {} shut down: {}", queue, signal.getMessage());
            }
        }

        private void reject(long tag) {
            try {
                getChannel().basicReject(tag, false);
            } catch (IOException | RuntimeException e) {
                log.warn("could not reject message on {} ({}); the broker will redeliver it", queue, e.toString());
            }
        }

        private void acknowledge(long tag, ActionRecord record) {
            try {
                getChannel().basicAck(tag, false);
            } catch (IOException | RuntimeException e) {
                // the broker redelivers it after recovery, and the handler's memory makes that a no-op
                log.warn("could not acknowledge message {} on {} ({}); it will be redelivered",
                        record.messageId(), queue, e.toString());
            }
        }
    }

    private void recordAction(ActionRecord record) {
        if (record.outcome() == Outcome.FAILED) {
            log.warn("remediation {} of {} ({}, message {}): {} {}", record.action(), record.key(), record.guarantee(),
                    record.messageId(), record.outcome(), record.detail());
        } else {
            log.info("remediation {} of {} ({}, message {}): {} {}", record.action(), record.key(), record.guarantee(),
                    record.messageId(), record.outcome(), record.detail());
        }
        metrics.count(record);
        try {
            listener.onAction(record);
        } catch (RuntimeException e) {
            log.warn("remediation listener failed on {}", record, e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close(CLOSE_TIMEOUT_MILLIS);
        } catch (IOException | RuntimeException e) {
            log.debug("closing the remediation connection: {}", e.toString());
        }
    }
}
