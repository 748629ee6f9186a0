package io.slaguard.manager.notify;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import io.slaguard.testsupport.RabbitBroker;

/** Reads everything published to an exchange through its own exclusive queue, counting messages by id. */
final class TestConsumer implements AutoCloseable {
    /** One received message. */
    record Received(String routingKey, AMQP.BasicProperties properties, byte[] body) {
    }

    private final Connection connection;
    private final Channel channel;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> countsById = new ConcurrentHashMap<>();

    TestConsumer(String exchange) throws IOException, TimeoutException {
        connection = RabbitBroker.connectionFactory().newConnection("notify-test-consumer");
        channel = connection.createChannel();
        channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, exchange, "#");
        channel.basicConsume(queue, true, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                received.add(new Received(envelope.getRoutingKey(), properties, body));
                countsById.merge(String.valueOf(properties.getMessageId()), 1, Integer::sum);
            }
        });
    }

    List<Received> received() {
        return received;
    }

    Map<String, Integer> countsById() {
        return countsById;
    }

    Channel channel() {
        return channel;
    }

    @Override
    public void close() throws IOException, TimeoutException {
        connection.close();
    }
}
