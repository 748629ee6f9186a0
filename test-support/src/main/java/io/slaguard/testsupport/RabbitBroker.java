package io.slaguard.testsupport;

import com.rabbitmq.client.ConnectionFactory;

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

    /** An AMQP URI to the broker, optionally through another port (a {@link TcpProxy}). */
    public static String uri(int port) {
        return "amqp://" + user() + ":" + password() + "@" + host() + ":" + port + "/%2F";
    }

    public static String uri() {
        return uri(port());
    }

    public static ConnectionFactory connectionFactory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host());
        factory.setPort(port());
        factory.setUsername(user());
        factory.setPassword(password());
        return factory;
    }

    private static String user() {
        return System.getenv().getOrDefault("RABBITMQ_USER", "guest");
    }

    private static String password() {
        return System.getenv().getOrDefault("RABBITMQ_PASSWORD", "guest");
    }
}
