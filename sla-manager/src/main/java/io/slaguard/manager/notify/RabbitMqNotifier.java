package io.slaguard.manager.notify;

import java.io.IOException;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.impl.ForgivingExceptionHandler;

import io.slaguard.manager.model.Violation;
import io.slaguard.protocol.AmqpConnections;
import io.slaguard.protocol.AmqpUri;
import io.slaguard.protocol.PasswordMask;
import io.slaguard.protocol.ViolationCodec;
import io.slaguard.protocol.ViolationMessage;
import io.slaguard.protocol.Violations;

/**
 * Publishes violations to the topic exchange with publisher confirms (docs/architecture.md#notification). One long-lived connection,
 * recovered automatically after the broker comes back; {@link #deliver} returns only once the broker has
 * confirmed the message, and throws otherwise, so the outbox keeps the entry.
 */
public final class RabbitMqNotifier implements Notifier, AutoCloseable {
    public static final String NAME = "rabbitmq";
    private static final Logger log = LoggerFactory.getLogger(RabbitMqNotifier.class);
    private static final int PERSISTENT = 2;

    private final RabbitMqSettings settings;
    private final ConnectionFactory factory;
    private final String maskedUri;
    // written under this: one connection for the notifier's life, one confirm channel at a time;
    // volatile so a health check never waits behind a publish that waits for its confirm
    private volatile Connection connection;
    private Channel channel;
    /** On the current channel: publish sequence numbers not yet confirmed, and the verdict on those that were. */
    private final NavigableSet<Long> unconfirmed = new ConcurrentSkipListSet<>();
    private final NavigableMap<Long, Boolean> confirmed = new ConcurrentSkipListMap<>();
    private boolean closed;
    /** Why the broker refused the last connection attempt for a reason retrying cannot fix, or null. */
    private volatile String refusal;
    /** Why the link is in doubt although the socket may look open (a confirm that never came); null when fine. */
    private volatile String doubt;

    public RabbitMqNotifier(RabbitMqSettings settings) {
        this.settings = settings;
        AmqpUri uri = settings.amqpUri();
        this.maskedUri = uri.masked();
        this.factory = AmqpConnections.factory(uri);
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(settings.recoveryInterval().toMillis());
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, settings.confirmTimeout().toMillis());
        factory.setConnectionTimeout(timeoutMillis);
        factory.setHandshakeTimeout(timeoutMillis);
        // a path that holds the socket open but passes nothing is found by missed heartbeats (two intervals), and
        // no RPC (declare, channel close) waits on it longer than the confirm timeout
        factory.setRequestedHeartbeat(heartbeatSeconds(settings.confirmTimeout()));
        factory.setChannelRpcTimeout(timeoutMillis);
        factory.setExceptionHandler(new QuietRecoveryExceptionHandler());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void deliver(Violation violation) throws Exception {
        BatchResult result = deliverAll(List.of(violation));
        if (result.failure() != null) {
            throw result.failure();
        }
    }

    /** Up to the dispatcher's batch: the whole batch waits for its confirms once. */
    @Override
    public int maxBatch() {
        return Integer.MAX_VALUE;
    }

    /**
     * Publishes every violation, then waits once for the broker to confirm them all: a persistent message on a
     * durable queue is confirmed after the broker's disk write, and the broker writes a burst together. When the
     * broker refuses one (nack), the ones before it count as delivered and the refused one as the failure; those
     * after it, confirmed or not, go again with the next round, where consumers drop copies by message id. On a
     * confirm timeout nothing counts as delivered.
     */
    @Override
    public synchronized BatchResult deliverAll(List<Violation> violations) throws InterruptedException {
        if (violations.isEmpty()) {
            return new BatchResult(0, null);
        }
        try {
            Channel ch = channel();
            long first = ch.getNextPublishSeqNo();
            boolean allConfirmed;
            try {
                for (Violation violation : violations) {
                    unconfirmed.add(ch.getNextPublishSeqNo());
                    publish(ch, violation);
                }
                allConfirmed = ch.waitForConfirms(settings.confirmTimeout().toMillis());
            } catch (TimeoutException | ShutdownSignalException e) {
                if (e instanceof ShutdownSignalException signal && !signal.isHardError()) {
                    // the broker closed the channel only: the link is fine, the next channel starts clean
                    discardChannel();
                    throw e;
                }
                // no confirm within the timeout, or the connection died waiting (missed heartbeats): the link itself
                // is in doubt (half-open), so the connection is replaced rather than waited on or left to recover;
                // the batch goes again, and consumers drop copies by message id
                doubt = "no confirm from the broker within " + settings.confirmTimeout().toMillis()
                        + " ms; connection replaced";
                replaceConnection();
                throw e;
            } catch (Exception e) {
                // an unconfirmed publish leaves the channel's confirm sequence in doubt: start the next one clean
                discardChannel();
                throw e;
            }
            if (allConfirmed) {
                confirmed.headMap(first + violations.size()).clear();
                doubt = null;
                return new BatchResult(violations.size(), null);
            }
            // every message is now acked or nacked: the ones before the first refused one were accepted
            int accepted = 0;
            while (accepted < violations.size() - 1 && Boolean.TRUE.equals(confirmed.get(first + accepted))) {
                accepted++;
            }
            discardChannel();
            return new BatchResult(accepted, new IOException("broker refused violation "
                    + violations.get(accepted).id() + " (nack)"));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return new BatchResult(0, e);
        }
    }

    /** A confirm covers its tag or, "multiple", every tag up to it still unconfirmed (the broker may coalesce). */
    private void settle(long tag, boolean multiple, boolean accepted) {
        List<Long> tags = multiple ? List.copyOf(unconfirmed.headSet(tag, true)) : List.of(tag);
        for (long settled : tags) {
            unconfirmed.remove(settled);
            confirmed.put(settled, accepted);
        }
    }

    private void publish(Channel ch, Violation violation) throws IOException {
        ViolationMessage message = ViolationMessages.toMessage(violation);
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType(Violations.CONTENT_TYPE)
                .deliveryMode(PERSISTENT)
                .messageId(violation.id())
                .timestamp(Date.from(violation.datetime()))
                .build();
        ch.basicPublish(settings.exchange(), Violations.routingKey(violation.guarantee(), message.instance()), false,
                properties, ViolationCodec.encode(message));
    }

    /**
     * Connects and declares the exchange (and the legacy queue) now rather than at the first violation, so
     * consumers find the topology from the start. Failing is harmless: delivery connects again.
     */
    public synchronized void connect() throws IOException, TimeoutException {
        channel();
    }

    /**
     * Why the broker refused the last connection attempt, when retrying cannot fix it (bad credentials, unknown
     * vhost, no access): attempts go on, so fixing the broker's side is enough, but someone has to act.
     */
    public Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** Whether the connection to the broker is up now (for health reporting). */
    public boolean isConnected() {
        Connection c = connection;
        return c != null && c.isOpen();
    }

    /** Why the link is in doubt although it may look connected (the last publish got no confirm); null if not. */
    public String doubt() {
        return doubt;
    }

    /** Half the confirm timeout, at least 1 s: a silent link is noticed within about one confirm timeout. */
    static int heartbeatSeconds(Duration confirmTimeout) {
        return (int) Math.max(1, Math.min(60, confirmTimeout.toSeconds() / 2));
    }

    /**
     * Drops the connection without waiting on the broker longer than the confirm timeout; the next delivery opens
     * a new one. (Automatic recovery does not follow a close the application asked for.)
     */
    private void replaceConnection() {
        channel = null;
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.abort((int) Math.min(Integer.MAX_VALUE, settings.confirmTimeout().toMillis()));
            } catch (RuntimeException e) {
                log.debug("dropping the RabbitMQ connection: {}", e.toString());
            }
            log.warn("no confirm from RabbitMQ {} within {} ms: connection dropped, deliveries go on a new one",
                    maskedUri, settings.confirmTimeout().toMillis());
        }
    }

    private Channel channel() throws IOException, TimeoutException {
        if (closed) {
            throw new IllegalStateException("RabbitMQ notifier is closed");
        }
        if (connection == null) {
            connection = openConnection();
        }
        if (!connection.isOpen()) {
            throw new IOException("connection to " + maskedUri + " is down; reconnecting every "
                    + settings.recoveryInterval().toMillis() + " ms");
        }
        if (channel == null || !channel.isOpen()) {
            Channel ch = connection.createChannel();
            ch.confirmSelect();
            unconfirmed.clear();
            confirmed.clear();
            ch.addConfirmListener((tag, multiple) -> settle(tag, multiple, true),
                    (tag, multiple) -> settle(tag, multiple, false));
            declareTopology(ch);
            channel = ch;
        }
        return channel;
    }

    private Connection openConnection() throws IOException, TimeoutException {
        Connection c;
        try {
            c = factory.newConnection("sla-manager");
        } catch (IOException | TimeoutException e) {
            Optional<String> refused = AmqpConnections.permanentRefusal(e);
            if (refused.isEmpty()) {
                // unreachable or timed out: says nothing of the vhost or the credentials any more
                refusal = null;
                throw e;
            }
            if (!refused.get().equals(refusal)) {
                // once per reason, no stack trace: the same answer on every retry says nothing new
                log.error("RabbitMQ at {} {}; violations stay in the outbox until the URI (sla.rabbitmq.uri or"
                        + " rabbitMQ) or the broker's users and vhosts are fixed", maskedUri, refused.get());
            }
            refusal = refused.get();
            throw new IOException("RabbitMQ at " + maskedUri + " " + refused.get());
        }
        refusal = null;
        c.addShutdownListener(cause -> {
            if (!cause.isInitiatedByApplication()) {
                log.warn("connection to RabbitMQ {} lost: {}", maskedUri, PasswordMask.mask(String.valueOf(cause.getMessage())));
            }
        });
        ((Recoverable) c).addRecoveryListener(new RecoveryListener() {
            @Override
            public void handleRecovery(Recoverable recoverable) {
                log.info("connection to RabbitMQ {} recovered", maskedUri);
            }

            @Override
            public void handleRecoveryStarted(Recoverable recoverable) {
                // the shutdown listener has already said the connection is gone
            }
        });
        doubt = null;
        log.info("connected to RabbitMQ {}; exchange {}, legacy queue {}", maskedUri, settings.exchange(),
                settings.legacyQueueEnabled() ? settings.legacyQueue() : "off");
        return c;
    }

    private void declareTopology(Channel ch) throws IOException {
        ch.exchangeDeclare(settings.exchange(), BuiltinExchangeType.TOPIC, true);
        if (settings.legacyQueueEnabled()) {
            // exactly as the original declared it (durable, no arguments), so existing consumers keep working
            ch.queueDeclare(settings.legacyQueue(), true, false, false, null);
            ch.queueBind(settings.legacyQueue(), settings.exchange(), "#");
        }
    }

    private void discardChannel() {
        if (channel != null) {
            try {
                channel.abort();
            } catch (IOException | RuntimeException e) {
                log.debug("discarding channel: {}", e.toString());
            }
            channel = null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        discardChannel();
        if (connection != null) {
            try {
                connection.close((int) settings.confirmTimeout().toMillis());
            } catch (IOException | RuntimeException e) {
                log.debug("closing the RabbitMQ connection: {}", e.toString());
            }
            connection = null;
        }
    }

    /**
     * A failed reconnection attempt is expected while the broker is away, and a broker that refuses a connection
     * closes its socket on every attempt: said once elsewhere (connection lost, refused), not on each attempt.
     */
    private final class QuietRecoveryExceptionHandler extends ForgivingExceptionHandler {
        @Override
        public void handleConnectionRecoveryException(Connection conn, Throwable exception) {
            log.debug("reconnecting to RabbitMQ {} failed: {}", maskedUri, PasswordMask.mask(exception.toString()));
        }

        @Override
        public void handleUnexpectedConnectionDriverException(Connection conn, Throwable exception) {
            log.debug("RabbitMQ {} connection driver: {}", maskedUri, PasswordMask.mask(exception.toString()));
        }
    }

    @Override
    public String toString() {
        return "RabbitMqNotifier[" + maskedUri + ", exchange " + settings.exchange() + "]";
    }
}
