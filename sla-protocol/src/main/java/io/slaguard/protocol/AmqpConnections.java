package io.slaguard.protocol;

import java.security.NoSuchAlgorithmException;
import java.util.Optional;

import javax.net.ssl.SSLContext;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.ShutdownSignalException;

/** The Java client set up from an {@link AmqpUri}, and what a broker's refusal means. */
public final class AmqpConnections {
    private AmqpConnections() {
    }

    /**
     * A connection factory for the URI. TLS ({@code amqps}) verifies the broker's certificate against the JVM's
     * trust store and its host name, as the Go client did (the Java client's own {@code amqps} handling trusts any
     * certificate).
     */
    public static ConnectionFactory factory(AmqpUri uri) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(uri.host());
        factory.setPort(uri.port());
        factory.setVirtualHost(uri.virtualHost());
        if (uri.username() != null) {
            factory.setUsername(uri.username());
        }
        if (uri.password() != null) {
            factory.setPassword(uri.password());
        }
        if (uri.tls()) {
            try {
                factory.useSslProtocol(SSLContext.getDefault());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JVM offers no TLS for " + uri, e);
            }
            factory.enableHostnameVerification();
        }
        if (uri.heartbeatSeconds() != null) {
            factory.setRequestedHeartbeat(uri.heartbeatSeconds());
        }
        if (uri.connectionTimeoutMillis() != null) {
            factory.setConnectionTimeout(uri.connectionTimeoutMillis());
        }
        if (uri.channelMax() != null) {
            factory.setRequestedChannelMax(uri.channelMax());
        }
        return factory;
    }

    /**
     * Why the broker refused a connection, when retrying cannot help until someone changes the URI or the
     * broker's users and vhosts: bad credentials, an unknown vhost, no access to it. Empty for anything else
     * (unreachable, timeouts, a broker going down), which reconnecting does fix.
     */
    public static Optional<String> permanentRefusal(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof PossibleAuthenticationFailureException) {
                return Optional.of("authentication failed (check the user and password): " + e.getMessage());
            }
            if (e instanceof ShutdownSignalException signal && signal.getReason() instanceof AMQP.Connection.Close close
                    && (close.getReplyCode() == AMQP.NOT_ALLOWED || close.getReplyCode() == AMQP.ACCESS_REFUSED)) {
                return Optional.of("refused (check the vhost and the user's permissions): " + close.getReplyText());
            }
        }
        return Optional.empty();
    }
}
