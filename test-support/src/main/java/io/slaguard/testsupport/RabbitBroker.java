package io.slaguard.testsupport;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import com.rabbitmq.client.ConnectionFactory;

import io.slaguard.protocol.AmqpConnections;
import io.slaguard.protocol.AmqpUri;

/**
 * The machine's RabbitMQ (started by .ci/run; {@code RABBITMQ_HOST}/{@code RABBITMQ_PORT} override the
 * loopback default, credentials from {@code RABBITMQ_USER}/{@code RABBITMQ_PASSWORD}, guest/guest by default
 * on loopback only).
 */
public final class RabbitBroker {
    private RabbitBroker() {
    }

    public static String host() {
        return System.getenv().getOrDefault("RABBITMQ_HOST", "127.0.0.1");
    }

    public static int port() {
        return Integer.parseInt(System.getenv().getOrDefault("RABBITMQ_PORT", "5672"));
    }

    /**
     * An AMQP URI to the broker's default vhost, optionally through another port (a {@link TcpProxy}); written as the
     * original configuration wrote it, with a bare trailing {@code /}.
     */
    public static String uri(int port) {
        return "amqp://" + escaped(user()) + ":" + escaped(password()) + "@" + host() + ":" + port + "/";
    }

    public static String uri() {
        return uri(port());
    }

    public static ConnectionFactory connectionFactory() {
        return AmqpConnections.factory(AmqpUri.parse(uri()));
    }

    private static String escaped(String userInfo) {
        return URLEncoder.encode(userInfo, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String user() {
        return System.getenv().getOrDefault("RABBITMQ_USER", "guest");
    }

    private static String password() {
        return System.getenv().getOrDefault("RABBITMQ_PASSWORD", "guest");
    }
}
