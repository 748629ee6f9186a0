package io.slaguard.manager.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.junit.jupiter.api.Test;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import io.slaguard.manager.api.HttpApi;
import io.slaguard.manager.api.ManagerInstance;
import io.slaguard.protocol.Ids;
import io.slaguard.protocol.Times;
import io.slaguard.protocol.ViolationCodec;
import io.slaguard.protocol.ViolationMessage;
import io.slaguard.protocol.Violations;
import io.slaguard.testsupport.MonitoringStack;
import io.slaguard.testsupport.RabbitBroker;
import io.slaguard.testsupport.WorkerTelemetry;

/**
 * The whole loop on real servers: an agreement made from a template, telemetry pushed to the Pushgateway,
 * Prometheus scraping it, the manager assessing, the violation arriving on a queue bound to the exchange and
 * as a gauge in the Pushgateway; the manager's own metrics on /actuator/prometheus.
 */
class FullLoopTest {

    @Test
    void aStragglerIsReportedOnRabbitMqAndThePushgateway() throws Exception {
        // a stack of its own: the agreement covers every instance, so other tests' stragglers would count too
        String instance = Ids.newInstance();
        String job = instance + "-0-M000";
        String straggler = job + "-00001";
        try (MonitoringStack stack = MonitoringStack.launch();
             Connection connection = RabbitBroker.connectionFactory().newConnection();
             ManagerInstance manager = ManagerInstance.start(Map.of(
                     "sla.prometheus.url", stack.prometheus().url(),
                     "sla.notifiers", "rabbitmq,pushgateway",
                     "sla.rabbitmq.uri", RabbitBroker.uri(),
                     "sla.rabbitmq.legacy-queue.enabled", "false",
                     "sla.pushgateway.url", stack.pushgateway().url(),
                     "sla.transient-time", "1h"))) {
            Channel channel = connection.createChannel();
            channel.exchangeDeclare(Violations.EXCHANGE, "topic", true);
            String queue = channel.queueDeclare("", false, true, true, null).getQueue();
            channel.queueBind(queue, Violations.EXCHANGE, Violations.instanceBinding(instance));
            BlockingQueue<ViolationMessage> received = new LinkedBlockingQueue<>();
            channel.basicConsume(queue, true, (tag, delivery) -> received.add(ViolationCodec.decode(delivery.getBody())),
                    tag -> { });

            HttpApi api = manager.api();
            String agreementId = "tooLong-" + instance;
            HttpApi.Reply created = api.send("POST", "/create-agreement", """
                    {"template_id": "cloudbutton_tooLong", "parameters": {"agreementname": "%s", "TFACTOR": 1.3}}"""
                    .formatted(agreementId));
            assertThat(created.status()).as(created.body()).isEqualTo(201);

            // call 0 took 1 s; call 1 has been running for 5 s: far past 1.3 × 1 s
            double now = Times.epochSeconds(Instant.now());
            WorkerTelemetry telemetry = new WorkerTelemetry(stack.pushgateway().url());
            telemetry.job(instance, job, "fn", 2, 256);
            telemetry.start(instance, job + "-00000", "fn", 0, now - 10);
            telemetry.end(instance, job + "-00000", "fn", 0, now - 9);
            telemetry.start(instance, straggler, "fn", 0, now - 5);

            ViolationMessage message = await("violation on RabbitMQ").atMost(Duration.ofSeconds(60))
                    .until(() -> received.poll(), m -> m != null);
            assertThat(message.agreementId()).isEqualTo(agreementId);
            assertThat(message.guarantee()).isEqualTo(Violations.TOO_LONG);
            assertThat(message.key()).isEqualTo(straggler);
            assertThat(message.instance()).isEqualTo(instance);

            await("violation gauge scraped from the Pushgateway").atMost(Duration.ofSeconds(30))
                    .until(() -> stack.prometheus().query(Violations.DEFAULT_VIOLATION_METRIC + "{agreement=\""
                            + agreementId + "\"}").size(), n -> n == 1);

            String metrics = api.get("/actuator/prometheus").body();
            assertThat(metrics)
                    .contains("sla_violations_total{agreement=\"" + agreementId + "\",guarantee=\"tooLong\"} 1.0")
                    .contains("sla_guarantee_state{agreement=\"" + agreementId + "\",guarantee=\"tooLong\",state=\"violated\"} 1.0")
                    .contains("sla_guarantee_state{agreement=\"" + agreementId + "\",guarantee=\"tooLong\",state=\"ok\"} 0.0")
                    .contains("sla_assessment_duration_seconds_count")
                    .containsPattern("sla_guarantee_query_seconds\\{agreement=\"" + agreementId
                            + "\",guarantee=\"tooLong\"} [0-9.eE-]+\n")
                    .contains("sla_outbox_pending");
            String stored = api.get("/agreements/" + agreementId + "/violations").body();
            assertThat(stored).contains(straggler);
            assertThat(new String(api.get("/violations?key=" + straggler).body().getBytes(StandardCharsets.UTF_8)))
                    .contains(agreementId);
            assertThat(api.get("/actuator/health").body()).contains("\"rabbitmq\":{\"details\":{\"enabled\":true},\"status\":\"UP\"}");
        }
    }
}
