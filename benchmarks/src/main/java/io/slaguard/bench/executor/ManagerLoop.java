package io.slaguard.bench.executor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.slaguard.testsupport.FreePort;
import io.slaguard.testsupport.ManagerJvm;
import io.slaguard.testsupport.MonitoringStack;
import io.slaguard.testsupport.RabbitBroker;

/**
 * The whole detection loop for the benchmark: a private Pushgateway and Prometheus (1 s scrape), the SLA manager
 * jar assessing every {@code checkPeriod} and publishing violations to the machine's RabbitMQ.
 */
final class ManagerLoop implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final MonitoringStack stack;
    private final ManagerJvm manager;
    private final String url;

    private ManagerLoop(MonitoringStack stack, ManagerJvm manager) {
        this.stack = stack;
        this.manager = manager;
        this.url = manager.url();
    }

    static ManagerLoop start(Path managerJar, Path templates, Duration checkPeriod) throws IOException {
        int port = FreePort.find();
        // Prometheus scrapes the manager too: its learning plane exports predictions there
        MonitoringStack stack = MonitoringStack.launchScraping("sla-manager", "127.0.0.1:" + port, "/actuator/prometheus");
        Path dir = Files.createTempDirectory("bench-manager");
        try {
            ManagerJvm manager = ManagerJvm.start(managerJar, dir, port, List.of("-Xmx256m"), List.of(
                    "--server.port=" + port,
                    "--sla.check-period=" + checkPeriod.toMillis() + "ms",
                    "--sla.notifiers=log,rabbitmq",
                    "--sla.prometheus.url=" + stack.prometheus().url(),
                    "--sla.rabbitmq.legacy-queue.enabled=false",
                    "--sla.templates.dir=" + templates.toAbsolutePath(),
                    "--sla.storage.url=jdbc:h2:file:" + dir.resolve("sla") + ";DB_CLOSE_ON_EXIT=FALSE",
                    "--sla.learning.history.period=500ms", "--sla.learning.training.period=1s",
                    "--sla.learning.predictions.period=" + checkPeriod.dividedBy(2).toMillis() + "ms"),
                    // the broker URI carries a password: by environment, never on the command line
                    Map.of("SLA_RABBITMQ_URI", RabbitBroker.uri()), ManagerJvm.Readiness.ANSWERING);
            return new ManagerLoop(stack, manager);
        } catch (RuntimeException e) {
            stack.close();
            throw new IllegalStateException("the SLA manager did not start; its log: " + dir.resolve("manager.log"), e);
        }
    }

    /** A tooLong agreement over every instance, from a shipped template (plain or learned). */
    void createTooLongAgreement(String template, String name, double tfactor) throws IOException, InterruptedException {
        createAgreement(template, String.format(Locale.ROOT, "{\"TFACTOR\": %s, \"agreementname\": \"%s\"}",
                tfactor, name));
    }

    /** {@code PUT /agreements/{id}/terminate}: no longer assessed. */
    void terminate(String agreement) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/agreements/" + agreement
                + "/terminate")).PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 204) {
            throw new IllegalStateException("terminating " + agreement + ": " + response.statusCode() + " " + response.body());
        }
    }

    /** A tooCostly agreement over every instance, from a shipped template (plain or learned). */
    void createTooCostlyAgreement(String template, String name, double unitCost, double maxCost)
            throws IOException, InterruptedException {
        createAgreement(template, String.format(Locale.ROOT,
                "{\"UNITCOST\": %s, \"MAXCOST\": %s, \"agreementname\": \"%s\"}", unitCost, maxCost, name));
    }

    private void createAgreement(String template, String parameters) throws IOException, InterruptedException {
        String body = "{\"template_id\": \"" + template + "\", \"parameters\": " + parameters + "}";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/create-agreement"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("creating the agreement failed: " + response.statusCode() + " " + response.body());
        }
    }

    /** GET on the manager's API; the body of a 200 answer. */
    String get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + pathAndQuery + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    URI pushgateway() {
        return URI.create(stack.pushgateway().url());
    }

    String rabbitUri() {
        return RabbitBroker.uri();
    }

    @Override
    public void close() {
        manager.close();
        stack.close();
    }
}
