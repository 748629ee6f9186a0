package io.slaguard.manager.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import io.slaguard.manager.api.HttpApi;
import io.slaguard.manager.api.ManagerInstance;
import io.slaguard.manager.store.JdbcOutbox;
import io.slaguard.protocol.Ids;
import io.slaguard.protocol.ViolationCodec;
import io.slaguard.protocol.ViolationMessage;
import io.slaguard.protocol.Violations;
import io.slaguard.testsupport.MonitoringStack;
import io.slaguard.testsupport.RabbitBroker;
import io.slaguard.testsupport.TcpProxy;
import tools.jackson.databind.json.JsonMapper;

/** A broker outage delays the delivery of a violation; it is neither lost nor sent twice. */
class BrokerOutageTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void violationWaitsInTheOutboxUntilTheBrokerIsBack() throws Exception {
        String guarantee = "brokerOutage" + Ids.newInstance();
        try (TcpProxy proxy = TcpProxy.to(RabbitBroker.host(), RabbitBroker.port());
             Connection connection = RabbitBroker.connectionFactory().newConnection()) {
            Channel channel = connection.createChannel();
            channel.exchangeDeclare(Violations.EXCHANGE, "topic", true);
            String queue = channel.queueDeclare("", false, true, true, null).getQueue();
            channel.queueBind(queue, Violations.EXCHANGE, guarantee + ".#");
            List<ViolationMessage> received = new CopyOnWriteArrayList<>();
            channel.basicConsume(queue, true, (tag, d) -> received.add(ViolationCodec.decode(d.getBody())), tag -> { });
            proxy.cut();
            try (ManagerInstance manager = ManagerInstance.start(Map.of(
                    "sla.prometheus.url", MonitoringStack.shared().prometheus().url(),
                    "sla.notifiers", "rabbitmq",
                    "sla.rabbitmq.uri", RabbitBroker.uri(proxy.port()),
                    "sla.rabbitmq.legacy-queue.enabled", "false",
                    "sla.transient-time", "1h"))) {
                HttpApi api = manager.api();
                assertThat(api.send("POST", "/agreements", """
                        {"id": "%s", "name": "broker outage",
                         "details": {"provider": {"id": "p", "name": "P"}, "client": {"id": "c", "name": "C"},
                           "variables": [{"name": "x", "metric": "vector(1)"}],
                           "guarantees": [{"name": "%s", "constraint": "x < 1"}]}}""".formatted(guarantee, guarantee))
                        .status()).isEqualTo(201);
                JdbcOutbox outbox = manager.bean(JdbcOutbox.class);
                await("violation stored, delivery pending").atMost(Duration.ofSeconds(30))
                        .until(() -> JSON.readTree(api.get("/agreements/" + guarantee + "/violations").body()).size() == 1
                                && outbox.pending() == 1);
                assertThat(JSON.readTree(api.get("/actuator/health").body()).path("components").path("rabbitmq")
                        .path("status").asString()).isEqualTo("DOWN");
                assertThat(received).isEmpty();

                proxy.restore();
                await("delivered once the broker is back").atMost(Duration.ofSeconds(90))
                        .until(() -> outbox.pending() == 0 && received.size() == 1);
                String violationId = JSON.readTree(api.get("/agreements/" + guarantee + "/violations").body()).get(0)
                        .path("id").asString();
                assertThat(received.get(0).violationId()).isEqualTo(violationId);
                assertThat(outbox.delivered("rabbitmq")).isEqualTo(1);
                assertThat(JSON.readTree(api.get("/actuator/health").body()).path("components").path("rabbitmq")
                        .path("status").asString()).isEqualTo("UP");
            }
        }
    }
}
