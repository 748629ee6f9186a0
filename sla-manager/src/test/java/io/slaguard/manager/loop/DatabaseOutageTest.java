package io.slaguard.manager.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import io.slaguard.manager.api.HttpApi;
import io.slaguard.manager.api.ManagerInstance;
import io.slaguard.manager.store.JdbcOutbox;
import io.slaguard.manager.store.PostgresDatabase;
import io.slaguard.protocol.Ids;
import io.slaguard.protocol.Times;
import io.slaguard.protocol.ViolationCodec;
import io.slaguard.protocol.ViolationMessage;
import io.slaguard.protocol.Violations;
import io.slaguard.testsupport.MonitoringStack;
import io.slaguard.testsupport.RabbitBroker;
import io.slaguard.testsupport.TcpProxy;
import tools.jackson.databind.json.JsonMapper;

/**
 * PostgreSQL unreachable while a deadline passes: nothing can be stored, so nothing is sent and the API answers
 * 503; once the database is back the violation is found, stored and delivered once, and what was delivered before
 * the outage is not sent again.
 */
class DatabaseOutageTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aViolationDuringADatabaseOutageIsDeliveredOnceWhenItIsBack() throws Exception {
        String before = "dbBefore" + Ids.newInstance();
        String during = "dbDuring" + Ids.newInstance();
        try (PostgresDatabase database = PostgresDatabase.create("sla_outage");
             TcpProxy proxy = TcpProxy.to(PostgresDatabase.host(), PostgresDatabase.port());
             Connection broker = RabbitBroker.connectionFactory().newConnection();
             ManagerInstance manager = ManagerInstance.start(Map.of(
                     "sla.storage.url", database.url(proxy.port()),
                     "sla.prometheus.url", MonitoringStack.shared().prometheus().url(),
                     "sla.notifiers", "rabbitmq",
                     "sla.rabbitmq.uri", RabbitBroker.uri(),
                     "sla.rabbitmq.legacy-queue.enabled", "false",
                     "sla.transient-time", "1h",
                     "spring.datasource.hikari.connection-timeout", "1000"))) {
            Channel channel = broker.createChannel();
            channel.exchangeDeclare(Violations.EXCHANGE, "topic", true);
            String queue = channel.queueDeclare("", false, true, true, null).getQueue();
            channel.queueBind(queue, Violations.EXCHANGE, before + ".#");
            channel.queueBind(queue, Violations.EXCHANGE, during + ".#");
            List<ViolationMessage> received = new CopyOnWriteArrayList<>();
            channel.basicConsume(queue, true, (tag, d) -> received.add(ViolationCodec.decode(d.getBody())), tag -> { });
            HttpApi api = manager.api();

            // one violation delivered before the outage
            assertThat(api.send("POST", "/agreements", agreement(before, "x < 1", "vector(1)")).status()).isEqualTo(201);
            JdbcOutbox outbox = manager.bean(JdbcOutbox.class);
            await("first violation delivered and recorded so").atMost(Duration.ofSeconds(30))
                    .until(() -> received.size() == 1 && outbox.pending() == 0);
            // another whose deadline passes while the database is away
            double deadline = Times.epochSeconds(Instant.now()) + 8;
            assertThat(api.send("POST", "/agreements", agreement(during, "x < " + deadline, "vector(time())"))
                    .status()).isEqualTo(201);
            proxy.cut();

            await("the database reported down").atMost(Duration.ofSeconds(60)).until(() ->
                    JSON.readTree(api.get("/actuator/health").body()).path("components").path("db").path("status")
                            .asString().equals("DOWN"));
            HttpApi.Reply refused = api.send("PUT", "/agreements/" + before + "/stop", null);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.body()).contains("the database").contains("retry");
            assertThat(refused.header("Retry-After")).isEqualTo("5");
            // well past the deadline: the loop keeps failing to reach the database, completes no tick, sends nothing
            await("the deadline well past").atMost(Duration.ofSeconds(30))
                    .until(() -> Times.epochSeconds(Instant.now()) > deadline + 4);
            assertThat(lastAssessment(api)).isLessThan(deadline);
            assertThat(received).extracting(ViolationMessage::guarantee).containsExactly(before);

            proxy.restore();
            await("the violation of the outage delivered").atMost(Duration.ofSeconds(90))
                    .until(() -> received.stream().anyMatch(m -> m.guarantee().equals(during)));
            // a few ticks more: nothing sent twice
            Instant back = Instant.now();
            await("more ticks").atMost(Duration.ofSeconds(30)).until(() -> {
                String last = JSON.readTree(api.get("/agreements/" + during).body()).path("assessment")
                        .path("last_execution").asString("");
                return !last.isEmpty() && Instant.parse(last).isAfter(back.plusSeconds(3));
            });
            assertThat(received).extracting(ViolationMessage::guarantee).containsExactlyInAnyOrder(before, during);
            assertThat(JSON.readTree(api.get("/agreements/" + during + "/violations").body())).hasSize(1);
            assertThat(JSON.readTree(api.get("/agreements/" + before + "/violations").body())).hasSize(1);
            assertThat(api.send("PUT", "/agreements/" + before + "/stop", null).status()).isEqualTo(204);
        }
    }

    /** {@code sla_last_assessment_timestamp_seconds} from the manager's own metrics. */
    private static double lastAssessment(HttpApi api) {
        Matcher m = Pattern.compile("(?m)^" + Violations.METRIC_LAST_ASSESSMENT + "(?:\\{[^}]*})? ([0-9.eE+-]+)$")
                .matcher(api.get("/actuator/prometheus").body());
        assertThat(m.find()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static String agreement(String id, String constraint, String metric) {
        return """
                {"id": "%s", "name": "%s",
                 "details": {"provider": {"id": "p", "name": "P"}, "client": {"id": "c", "name": "C"},
                   "variables": [{"name": "x", "metric": "%s"}],
                   "guarantees": [{"name": "%s", "constraint": "%s"}]}}""".formatted(id, id, metric, id, constraint);
    }
}
