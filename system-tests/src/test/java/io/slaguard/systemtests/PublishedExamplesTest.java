package io.slaguard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import io.slaguard.protocol.AmqpUri;
import io.slaguard.protocol.Ids;
import io.slaguard.protocol.Telemetry;
import io.slaguard.protocol.Violations;
import io.slaguard.systemtests.e2e.ManagerApi;
import io.slaguard.systemtests.e2e.ManagerProcess;
import io.slaguard.testsupport.FreePort;
import io.slaguard.testsupport.MonitoringStack;
import io.slaguard.testsupport.RabbitBroker;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The original documentation's first steps, verbatim, against the manager's exec jar started from an empty
 * directory with only a legacy {@code slalite.yml}: the published {@code params_cost.json} creates its agreement
 * from the template shipped in the jar, and its violation reaches the {@code sla.violations} exchange and the legacy
 * {@code CloudButton} queue through a {@code rabbitMQ:} URI ending in {@code /}. Before that, the same manager with a
 * vhost the broker does not have says so in one line and in its health, and keeps the violation until fixed.
 */
class PublishedExamplesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20)).build();
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final Path PARAMS_COST = Repo.path("agreements/examples/params_cost.json");
    private static final String AGREEMENT = "Total cost of the instance in IBM cloud must be limited";
    private static final String MISSING_VHOST = "sla-no-such-vhost";

    @Test
    void theDocumentedFileAndUriWorkFromAnyDirectory(@TempDir Path config) throws Exception {
        String instance = Ids.newInstance();
        int port = FreePort.find();
        Path slalite = config.resolve("slalite.yml");
        String rightUri = RabbitBroker.uri();
        assertThat(rightUri).endsWith(":" + RabbitBroker.port() + "/");
        String wrongUri = rightUri + MISSING_VHOST;
        try (MonitoringStack stack = MonitoringStack.launch();
             Connection broker = RabbitBroker.connectionFactory().newConnection("published-examples-test")) {
            writeSlalite(slalite, wrongUri, port, stack);
            Channel exchangeCopy = broker.createChannel();
            exchangeCopy.exchangeDeclare(Violations.EXCHANGE, "topic", true);
            String queue = exchangeCopy.queueDeclare().getQueue();
            exchangeCopy.queueBind(queue, Violations.EXCHANGE, Violations.routingKey("tooCostly", instance));

            try (ManagerProcess manager = ManagerProcess.startLegacy(slalite, port)) {
                // the published file, byte for byte, as `curl -X POST -d @params_cost.json …/create-agreement` sends it
                String location;
                try (Response created = HTTP.newCall(new Request.Builder().url(manager.url() + "/create-agreement")
                        .post(RequestBody.create(Files.readAllBytes(PARAMS_COST), MediaType.get("application/json")))
                        .build()).execute()) {
                    assertThat(created.code()).as(created.body().string()).isEqualTo(201);
                    location = created.header("Location");
                }
                assertThat(location).isEqualTo("/agreements/Total%20cost%20of%20the%20instance%20in%20IBM%20cloud%20must%20be%20limited");
                JsonNode agreement = get(manager.url() + location);
                assertThat(agreement.path("id").asString()).isEqualTo(AGREEMENT);
                assertThat(agreement.path("details").path("provider"))
                        .isEqualTo(JSON.readTree("{\"id\": \"a-provider\", \"name\": \"A provider\"}"));
                assertThat(agreement.path("details").path("client"))
                        .isEqualTo(JSON.readTree("{\"id\": \"a-client\", \"name\": \"A client\"}"));

                // 1e8 MB for 1000 s at the file's UNITCOST (1.7e-11 $/MB·s) is $1.7, above its MAXCOST of $1.5
                Pushes push = new Pushes(stack.pushgateway().url());
                String job = Ids.executorId(instance, 0) + "-M000";
                push.job(instance, job, "work", 1, 100_000_000);
                push.event(instance, job + "-00000", "work", 0, Telemetry.FUNCTION_START,
                        System.currentTimeMillis() / 1000.0 - 1000);
                ManagerApi api = manager.api();
                Awaitility.await("the tooCostly violation stored").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                        .until(() -> api.violations(AGREEMENT).stream().anyMatch(v -> v.key().equals(instance)));

                // every health check tries the broker again; it keeps saying why, the log says it once
                for (int check = 0; check < 3; check++) {
                    JsonNode rabbit = manager.api().health().orElseThrow().path("components").path("rabbitmq");
                    assertThat(rabbit.path("status").asString()).isEqualTo("DOWN");
                    assertThat(rabbit.path("details").path("refused").asString()).contains(MISSING_VHOST);
                }
                String log = Files.readString(manager.log());
                String masked = AmqpUri.parse(wrongUri).masked();
                assertThat(log.lines().filter(line -> line.contains("ERROR") && line.contains("RabbitMQ at " + masked
                        + " refused (check the vhost"))).hasSize(1);
                // nor a stack trace or a socket error on each attempt, nor the password
                assertThat(log).doesNotContain("at com.rabbitmq.").doesNotContain("connection driver error")
                        .doesNotContain(RabbitBroker.uri());

                // fixed and restarted: the violation kept in the outbox goes out
                writeSlalite(slalite, rightUri, port, stack);
                manager.restart();
                String violationId = api.violations(AGREEMENT).stream().filter(v -> v.key().equals(instance))
                        .findFirst().orElseThrow().id();
                Awaitility.await("the broker connected").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                        .until(() -> "UP".equals(api.health().orElseThrow().path("components").path("rabbitmq")
                                .path("status").asString()));
                Awaitility.await("the violation on sla.violations").atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                        .until(() -> hasViolation(exchangeCopy, queue, violationId));
                assertThat(legacyQueueHas(broker, violationId)).isTrue();
            }
        }
    }

    private static void writeSlalite(Path file, String rabbitUri, int port, MonitoringStack stack) throws IOException {
        // the original's keys, its notifier, and its broker line
        Files.writeString(file, """
                checkPeriod: 1
                notifier: rabbitpushg
                rabbitMQ: %s
                prometheusUrl: %s
                pushgatewayUrl: %s
                port: %d
                """.formatted(rabbitUri, stack.prometheus().url(), stack.pushgateway().url(), port));
    }

    private static JsonNode get(String url) throws IOException {
        try (Response response = HTTP.newCall(new Request.Builder().url(url).build()).execute()) {
            String body = response.body().string();
            assertThat(response.code()).as(url + ": " + body).isEqualTo(200);
            return JSON.readTree(body);
        }
    }

    /** Takes the next message of the queue; true when it is the violation (its message id). */
    private static boolean hasViolation(Channel channel, String queue, String violationId) throws IOException {
        var message = channel.basicGet(queue, true);
        return message != null && violationId.equals(message.getProps().getMessageId())
                && JSON.readTree(message.getBody()).path("Fields").path("AgreementId").asString().equals(AGREEMENT);
    }

    /**
     * Whether the durable legacy queue holds the violation; only that message is taken, any other one (other
     * tests, earlier runs) goes back when the channel closes.
     */
    private static boolean legacyQueueHas(Connection broker, String violationId) throws Exception {
        Map<String, Boolean> seen = new ConcurrentHashMap<>();
        Channel channel = broker.createChannel();
        try {
            channel.basicConsume(Violations.LEGACY_QUEUE, false, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                        throws IOException {
                    if (violationId.equals(properties.getMessageId())) {
                        getChannel().basicAck(envelope.getDeliveryTag(), false);
                        seen.put(new String(body, StandardCharsets.UTF_8), true);
                    }
                }
            });
            Awaitility.await("the violation in the CloudButton queue").atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(200)).until(() -> !seen.isEmpty());
            return List.copyOf(seen.keySet()).get(0).contains(AGREEMENT);
        } finally {
            channel.close();
        }
    }
}
