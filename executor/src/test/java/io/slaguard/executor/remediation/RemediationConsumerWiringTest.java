package io.slaguard.executor.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import io.slaguard.executor.api.AttemptState;
import io.slaguard.executor.api.CallFunction;
import io.slaguard.executor.api.CallState;
import io.slaguard.executor.FunctionExecutor;
import io.slaguard.executor.api.ResponseFuture;
import io.slaguard.executor.backend.LocalBackend;
import io.slaguard.protocol.ViolationCodec;
import io.slaguard.protocol.ViolationMessage;
import io.slaguard.protocol.Violations;
import io.slaguard.remediation.ActionRecord;
import io.slaguard.remediation.RemediationActions.Outcome;
import io.slaguard.remediation.RemediationConsumer;
import io.slaguard.remediation.RemediationSettings;
import io.slaguard.testsupport.MonitoringStack;
import io.slaguard.testsupport.RabbitBroker;

/** A tooLong violation published to the machine's RabbitMQ relaunches the straggler through the executor. */
class RemediationConsumerWiringTest {
    @TempDir
    Path dir;

    @Test
    void aTooLongViolationRelaunchesTheStragglerOnceEvenWhenDeliveredTwice() throws Exception {
        List<ActionRecord> decisions = new CopyOnWriteArrayList<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try (FunctionExecutor executor = FunctionExecutor.builder().backend(LocalBackend.withWorkers(4))
                .pushgateway(URI.create(MonitoringStack.shared().pushgateway().url()))
                .telemetryRetention(Duration.ZERO)
                .remediation(RemediationSettings.defaults(RabbitBroker.uri()).withQueueExpiry(Duration.ofMinutes(5)))
                .remediationListener(decisions::add).build();
             Connection connection = RabbitBroker.connectionFactory().newConnection();
             Channel channel = connection.createChannel()) {
            ResponseFuture call = executor.callAsync(CallFunction.command("straggler", List.of("sh", "-c",
                    "if [ \"$SLA_ATTEMPT\" = 0 ]; then sleep 60 & echo $! > " + dir + "/pid; wait; fi; echo done")), "x");
            await().atMost(Duration.ofSeconds(20)).until(() -> call.status().state() == CallState.RUNNING
                    && Files.exists(dir.resolve("pid")));
            long sleeper = Long.parseLong(Files.readString(dir.resolve("pid")).strip());

            ViolationMessage violation = tooLong(executor.instance(), call.callId());
            byte[] body = ViolationCodec.encode(violation);
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType(Violations.CONTENT_TYPE)
                    .deliveryMode(2).messageId(violation.violationId()).build();
            String routingKey = Violations.routingKey(Violations.TOO_LONG, executor.instance());
            channel.basicPublish(Violations.EXCHANGE, routingKey, properties, body);
            channel.basicPublish(Violations.EXCHANGE, routingKey, properties, body);

            assertThat(call.result(Duration.ofSeconds(30))).isEqualTo("done\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> decisions.size() == 2);
            assertThat(decisions).filteredOn(ActionRecord::applied).singleElement()
                    .satisfies(record -> assertThat(record.key()).isEqualTo(call.callId()));
            assertThat(decisions).filteredOn(d -> !d.applied()).singleElement()
                    .satisfies(record -> assertThat(record.outcome()).isEqualTo(Outcome.NOT_NEEDED));
            assertThat(call.status().attempts()).extracting(a -> a.state())
                    .containsExactly(AttemptState.CANCELLED, AttemptState.SUCCEEDED);
            await().atMost(Duration.ofSeconds(10)).until(() -> !ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false));
            // counted once, logged once per message: the consumer's line, none from the executor's side
            assertThat(executor.remediationMetrics().value(Violations.ACTION_START_BACKUP, Outcome.APPLIED)).isEqualTo(1);
            assertThat(executor.remediationMetrics().value(Violations.ACTION_START_BACKUP, Outcome.NOT_NEEDED)).isEqualTo(1);
            assertThat(List.copyOf(logged.list)).filteredOn(e -> e.getFormattedMessage().contains(call.callId())
                            && e.getFormattedMessage().startsWith("remediation " + Violations.ACTION_START_BACKUP))
                    .extracting(ILoggingEvent::getLoggerName).hasSize(decisions.size())
                    .containsOnly(RemediationConsumer.class.getName());
        } finally {
            root.detachAppender(logged);
        }
    }

    private static ViolationMessage tooLong(String instance, String callId) {
        Instant now = Instant.now();
        String jobId = callId.substring(0, callId.lastIndexOf('-'));
        return new ViolationMessage("tooLong", Violations.TOO_LONG, now, UUID.randomUUID().toString(), callId, instance,
                jobId, callId, null, List.of(new ViolationMessage.Entry(callId, 1.5, now, "straggler")));
    }
}
