package io.slaguard.executor.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import io.slaguard.executor.api.CallFunction;
import io.slaguard.executor.api.CallState;
import io.slaguard.executor.FunctionExecutor;
import io.slaguard.executor.api.ResponseFuture;
import io.slaguard.executor.backend.LocalBackend;
import io.slaguard.executor.telemetry.PushgatewayGroups;
import io.slaguard.protocol.Telemetry;
import io.slaguard.protocol.ViolationCodec;
import io.slaguard.protocol.ViolationMessage;
import io.slaguard.protocol.Violations;
import io.slaguard.remediation.RemediationSettings;
import io.slaguard.testsupport.MonitoringStack;
import io.slaguard.testsupport.PrometheusServer;
import io.slaguard.testsupport.RabbitBroker;

/**
 * The remediation counter reaches Prometheus: each executor pushes its own totals to its own Pushgateway group
 * ({@code job=sla_remediation}, {@code instance}), and the group goes with the instance's other groups.
 */
class RemediationExportTest {
    private static final MonitoringStack STACK = MonitoringStack.shared();
    private static final PushgatewayGroups GROUPS = new PushgatewayGroups(STACK.pushgateway().url());

    @TempDir
    Path dir;

    @Test
    void anAppliedBackupShowsInPrometheusForItsInstanceOnlyAndItsGroupGoesAtClose() throws Exception {
        String straggling;
        try (FunctionExecutor bystander = executor();
             FunctionExecutor executor = executor();
             Connection connection = RabbitBroker.connectionFactory().newConnection();
             Channel channel = connection.createChannel()) {
            straggling = executor.instance();
            // every action and outcome is there from the start, so the first backup is an increase
            for (String instance : List.of(straggling, bystander.instance())) {
                await("zero totals of " + instance).atMost(Duration.ofSeconds(20))
                        .until(() -> appliedBackups(instance), v -> v.isPresent() && v.getAsDouble() == 0);
            }

            ResponseFuture call = executor.callAsync(CallFunction.command("straggler", List.of("sh", "-c",
                    "if [ \"$SLA_ATTEMPT\" = 0 ]; then touch " + dir + "/started; sleep 60; fi; echo done")), "x");
            await().atMost(Duration.ofSeconds(20)).until(() -> call.status().state() == CallState.RUNNING
                    && Files.exists(dir.resolve("started")));
            publishTooLong(channel, executor.instance(), call.callId());
            assertThat(call.result(Duration.ofSeconds(30))).isEqualTo("done\n");

            await("startBackup applied of " + straggling + " in Prometheus").atMost(Duration.ofSeconds(20))
                    .until(() -> appliedBackups(straggling), v -> v.isPresent() && v.getAsDouble() == 1);
            PrometheusServer.Series series = STACK.prometheus().query(appliedBackupsQuery(straggling)).get(0);
            assertThat(series.labels()).containsEntry("__name__", Violations.METRIC_REMEDIATION_TOTAL)
                    .containsEntry(Telemetry.EXPORTED_JOB, Violations.REMEDIATION_PUSH_JOB);
            assertThat(GROUPS.metricsOf(straggling)).filteredOn(m -> isRemediationGroup(m.groupLabels()))
                    .singleElement().satisfies(m -> {
                        assertThat(m.name()).isEqualTo(Violations.METRIC_REMEDIATION_TOTAL);
                        assertThat(m.type()).isEqualTo("COUNTER");
                    });
            // the other executor in this JVM counts only its own actions
            assertThat(appliedBackups(bystander.instance())).hasValue(0);
        }
        // retention 0: the group is deleted with the lifecycle groups when the executor closes
        assertThat(GROUPS.metricsOf(straggling)).filteredOn(m -> isRemediationGroup(m.groupLabels())).isEmpty();
    }

    private static FunctionExecutor executor() {
        return FunctionExecutor.builder().backend(LocalBackend.withWorkers(2))
                .pushgateway(URI.create(STACK.pushgateway().url()))
                .telemetryRetention(Duration.ZERO)
                .remediation(RemediationSettings.defaults(RabbitBroker.uri()).withQueueExpiry(Duration.ofMinutes(5)))
                .build();
    }

    private static boolean isRemediationGroup(Map<String, String> groupLabels) {
        return Violations.REMEDIATION_PUSH_JOB.equals(groupLabels.get("job"));
    }

    private static String appliedBackupsQuery(String instance) {
        return Violations.METRIC_REMEDIATION_TOTAL + "{" + Violations.LABEL_ACTION + "=\"" + Violations.ACTION_START_BACKUP
                + "\"," + Violations.LABEL_OUTCOME + "=\"applied\"," + Telemetry.EXPORTED_INSTANCE + "=\"" + instance + "\"}";
    }

    private static OptionalDouble appliedBackups(String instance) {
        List<PrometheusServer.Series> series = STACK.prometheus().query(appliedBackupsQuery(instance));
        assertThat(series).hasSizeLessThanOrEqualTo(1);
        return series.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(series.get(0).value());
    }

    private static void publishTooLong(Channel channel, String instance, String callId) throws Exception {
        Instant now = Instant.now();
        String jobId = callId.substring(0, callId.lastIndexOf('-'));
        ViolationMessage violation = new ViolationMessage("tooLong", Violations.TOO_LONG, now,
                UUID.randomUUID().toString(), callId, instance, jobId, callId, null,
                List.of(new ViolationMessage.Entry(callId, 1.5, now, "straggler")));
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType(Violations.CONTENT_TYPE)
                .deliveryMode(2).messageId(violation.violationId()).build();
        channel.basicPublish(Violations.EXCHANGE, Violations.routingKey(Violations.TOO_LONG, instance), properties,
                ViolationCodec.encode(violation));
    }
}
