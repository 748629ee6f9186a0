package io.slaguard.executor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import io.slaguard.protocol.Ids;
import io.slaguard.protocol.ViolationCodec;
import io.slaguard.protocol.ViolationMessage;
import io.slaguard.protocol.Violations;
import io.slaguard.testsupport.MonitoringStack;
import io.slaguard.testsupport.RabbitBroker;
import picocli.CommandLine;

/** {@code executor run --sla}: violations published to RabbitMQ for the run's instance act on its calls. */
class RunCommandSlaTest {
    @TempDir
    Path dir;

    private CompletableFuture<Integer> runInBackground(String instance, String command, int calls) {
        CommandLine cli = ExecutorCli.commandLine();
        cli.setErr(new PrintWriter(new StringWriter()));
        return CompletableFuture.supplyAsync(() -> cli.execute("run", "--sla", "--instance", instance,
                "--rabbitmq", RabbitBroker.uri(), "--pushgateway", MonitoringStack.shared().pushgateway().url(),
                "--retention", "0", "--range", Integer.toString(calls), "--results", dir.resolve("results").toString(),
                "--command", command));
    }

    @Test
    void aTooLongViolationRelaunchesTheStragglerOfARun() throws Exception {
        String instance = Ids.newInstance();
        CompletableFuture<Integer> run = runInBackground(instance,
                "sh -c 'if [ {} = 1 ] && [ $SLA_ATTEMPT = 0 ]; then echo $$ > " + dir + "/straggler; exec sleep 60; fi;"
                        + " echo call-{}-attempt-$SLA_ATTEMPT'", 2);
        Path pidFile = dir.resolve("straggler");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());

        publish(instance, Violations.TOO_LONG, instance + "-0-M000-00001");

        assertThat(run.get(60, TimeUnit.SECONDS)).isZero();
        assertThat(Files.readAllLines(dir.resolve("results"))).containsExactly(
                instance + "-0-M000-00000\tsucceeded\tcall-0-attempt-0",
                instance + "-0-M000-00001\tsucceeded\tcall-1-attempt-1");
    }

    @Test
    void aTooCostlyViolationCancelsTheRunWhichExitsNonZero() throws Exception {
        String instance = Ids.newInstance();
        CompletableFuture<Integer> run = runInBackground(instance, "sh -c 'echo $$ > " + dir + "/{}; exec sleep 60'", 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("2")));

        publish(instance, Violations.TOO_COSTLY, instance);

        assertThat(run.get(60, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(Files.readAllLines(dir.resolve("results"))).hasSize(3)
                .allSatisfy(line -> assertThat(line).contains("\tcancelled\t"));
        // the cancellation that ended the run was acknowledged before the consumer closed: nothing is left to redeliver
        try (Connection connection = RabbitBroker.connectionFactory().newConnection();
             Channel channel = connection.createChannel()) {
            assertThat(channel.queueDeclarePassive(Violations.remediationQueue(instance)).getMessageCount()).isZero();
            channel.queueDelete(Violations.remediationQueue(instance));
        }
    }

    private static void publish(String instance, String guarantee, String key) throws Exception {
        Instant now = Instant.now();
        boolean call = Ids.isCallId(key);
        ViolationMessage violation = new ViolationMessage(guarantee, guarantee, now, UUID.randomUUID().toString(), key,
                instance, call ? Ids.parseCall(key).jobId() : null, call ? key : null, null,
                List.of(new ViolationMessage.Entry(key, 1, now, "sh")));
        try (Connection connection = RabbitBroker.connectionFactory().newConnection();
             Channel channel = connection.createChannel()) {
            channel.basicPublish(Violations.EXCHANGE, Violations.routingKey(guarantee, instance),
                    new AMQP.BasicProperties.Builder().contentType(Violations.CONTENT_TYPE).deliveryMode(2)
                            .messageId(violation.violationId()).build(), ViolationCodec.encode(violation));
        }
    }
}
