package io.slaguard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.slaguard.executor.api.CallFunction;
import io.slaguard.executor.api.CallState;
import io.slaguard.executor.api.CallStatus;
import io.slaguard.executor.FunctionExecutor;
import io.slaguard.executor.api.ResponseFuture;
import io.slaguard.remediation.RemediationSettings;
import io.slaguard.systemtests.Dashboards.Dashboard;
import io.slaguard.testsupport.FreePort;
import io.slaguard.testsupport.PushgatewayServer;
import io.slaguard.testsupport.RabbitBroker;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The compose stack's demo, end to end on this machine: the shipped Prometheus configuration scraping a real
 * Pushgateway and the manager, the manager configured by the compose file's environment, the machine's RabbitMQ,
 * and an executor running deploy/executor/demo-call.sh with remediation and profiling. The straggler is
 * relaunched, every dashboard panel shows data, and the cost dashboard's total is the manager's tooCostly value.
 */
class StackEndToEndTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    private static PushgatewayServer pushgateway;
    private static ShippedPrometheus prometheus;
    private static ComposeManager manager;
    private static PromQl promql;
    private static String apiKey;

    @BeforeAll
    static void startTheStack() {
        pushgateway = PushgatewayServer.launch();
        int managerPort = FreePort.find();
        prometheus = ShippedPrometheus.launch(Map.of("pushgateway:9091", pushgateway.address(),
                "sla-manager:8090", "127.0.0.1:" + managerPort));
        promql = new PromQl(prometheus.url());
        apiKey = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));

        URI broker = URI.create(RabbitBroker.uri());
        String[] brokerUser = broker.getUserInfo().split(":", 2);
        Map<String, String> dotEnv = new HashMap<>(Compose.envExample());
        dotEnv.put("RABBITMQ_USER", brokerUser[0]);
        dotEnv.put("RABBITMQ_PASSWORD", brokerUser[1]);
        dotEnv.put("SLA_API_KEY", apiKey);
        // a short period keeps the test short; detection itself is what is under test
        dotEnv.put("CHECK_PERIOD", "1s");
        manager = ComposeManager.start(dotEnv,
                Map.of("prometheus:9090", "127.0.0.1:" + prometheus.url().replaceFirst(".*:", ""),
                        "pushgateway:9091", pushgateway.address(),
                        "rabbitmq:5672", broker.getHost() + ":" + broker.getPort()),
                Map.of("SLA_STORAGE_URL", "jdbc:h2:mem:stack-" + apiKey + ";DB_CLOSE_DELAY=-1"), managerPort);
    }

    @AfterAll
    static void stopTheStack() {
        if (manager != null) {
            manager.close();
        }
        prometheus.close();
        pushgateway.close();
    }

    @Test
    void demoRelaunchesTheStragglerAndEveryPanelShowsTheRun() {
        List<String> demoAgreements = demoAgreementRequests();
        assertThat(demoAgreements).hasSize(2);
        for (String request : demoAgreements) {
            assertThat(post("/create-agreement", request)).as(request).isEqualTo(201);
        }

        try (FunctionExecutor executor = FunctionExecutor.builder()
                .pushgateway(URI.create(pushgateway.url()))
                .remediation(RemediationSettings.defaults(RabbitBroker.uri()))
                .profiling(Duration.ofSeconds(1))
                .memoryMb(1024)
                .build()) {
            String demoCall = Repo.path("deploy/executor/demo-call.sh").toString();
            List<ResponseFuture> calls = executor.map(CallFunction.command("demo", List.of("sh", demoCall, "{}")),
                    List.of("0", "1", "2", "3"));
            executor.waitAll(calls);
            String instance = executor.instance();

            for (CallStatus call : executor.calls()) {
                assertThat(call.state()).as(call.callId()).isEqualTo(CallState.SUCCEEDED);
                // input 2 sleeps 40 s on its first attempt: tooLong relaunched it and the backup won
                assertThat(call.winner()).as(call.callId() + " winner").isEqualTo(call.input().equals("2") ? 1 : 0);
            }

            Awaitility.await("every panel of every dashboard shows the run").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(emptyPanels(instance)).isEmpty());

            // a budget the finished run exceeds: the manager reports its cost, which is constant now
            assertThat(post("/create-agreement", """
                    {"template_id": "cloudbutton_tooCostly", "parameters": {"agreementname": "costProbe", "MAXCOST": 1e-9}}
                    """)).isEqualTo(201);
            double tooCostly = Awaitility.await("the manager's tooCostly value for " + instance)
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> managerValue("costProbe", "tooCostly", instance), v -> !Double.isNaN(v));
            Dashboard cost = dashboard("sla-cost");
            List<PromQl.Series> total = promql.now(Dashboards.substitute(
                    panelTarget(cost, "Total cost"), values(cost, instance)));
            assertThat(total).hasSize(1);
            assertThat(total.get(0).value()).isCloseTo(tooCostly, withinPercentage(1e-9));
        }

        // the shipped alerts are loaded, evaluate without error on the stack's real metrics, and stay quiet
        int shippedRules = Repo.yaml(Repo.path("deploy/prometheus/alerts.yml")).path("groups").get(0).path("rules")
                .size();
        Awaitility.await("every shipped alert rule evaluated").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> healthy = new ArrayList<>();
            promql.ruleGroups().forEach(group -> group.path("rules").forEach(rule -> {
                assertThat(rule.path("health").asString()).as(rule.path("name") + ": " + rule.path("lastError"))
                        .isIn("ok", "unknown");
                if (rule.path("health").asString().equals("ok")) {
                    healthy.add(rule.path("name").asString());
                }
            }));
            assertThat(healthy).hasSize(shippedRules);
        });
        assertThat(promql.now("ALERTS")).as("alerts pending or firing on a healthy stack").isEmpty();
    }

    /** Panels none of whose queries returns a series, with the dashboards' defaults narrowed to the instance. */
    private static List<String> emptyPanels(String instance) {
        List<String> empty = new ArrayList<>();
        for (Dashboard dashboard : Dashboards.all()) {
            Map<String, String> values = values(dashboard, instance);
            for (JsonNode panel : dashboard.queryPanels()) {
                boolean shows = false;
                for (JsonNode target : panel.path("targets")) {
                    shows |= !promql.now(Dashboards.substitute(target.path("expr").asString(), values)).isEmpty();
                }
                if (!shows) {
                    empty.add(dashboard + " / " + panel.path("title").asString());
                }
            }
        }
        return empty;
    }

    private static Map<String, String> values(Dashboard dashboard, String instance) {
        Map<String, String> values = new HashMap<>(dashboard.defaults());
        values.computeIfPresent("instance", (k, v) -> instance);
        values.computeIfPresent("job", (k, v) -> instance + "-.*");
        return values;
    }

    /** The value the manager last recorded for a violating key, or NaN while there is none. */
    private static double managerValue(String agreement, String guarantee, String key) {
        JsonNode body = get("/agreements/" + agreement);
        for (JsonNode value : body.path("assessment").path("guarantees").path(guarantee).path("last_values")) {
            if (key.equals(value.path("key").asString())) {
                return value.path("value").asDouble();
            }
        }
        return Double.NaN;
    }

    /** The create-agreement bodies deploy/executor/demo.sh posts, with .env.example's DEMO_MAXCOST. */
    private static List<String> demoAgreementRequests() {
        Matcher call = Pattern.compile("(?m)^create_agreement (\\S+) (['\"])(.*)\\2$")
                .matcher(Repo.read(Repo.path("deploy/executor/demo.sh")));
        List<String> requests = new ArrayList<>();
        while (call.find()) {
            String parameters = call.group(2).equals("'") ? call.group(3)
                    : call.group(3).replace("\\\"", "\"").replace("$DEMO_MAXCOST", Compose.envExample().get("DEMO_MAXCOST"));
            ObjectNode request = JSON.createObjectNode().put("template_id", call.group(1));
            request.set("parameters", JSON.readTree(parameters));
            requests.add(request.toString());
        }
        return requests;
    }

    private static Dashboard dashboard(String uid) {
        return Dashboards.all().stream().filter(d -> d.uid().equals(uid)).findFirst().orElseThrow();
    }

    private static String panelTarget(Dashboard dashboard, String title) {
        return dashboard.queryPanels().stream().filter(p -> p.path("title").asString().equals(title)).findFirst()
                .orElseThrow().path("targets").get(0).path("expr").asString();
    }

    private static int post(String path, String json) {
        Request request = new Request.Builder().url(manager.url() + path).header("Authorization", "Bearer " + apiKey)
                .post(RequestBody.create(json, JSON_TYPE)).build();
        try (Response response = HTTP.newCall(request).execute()) {
            assertThat(response.code()).as("POST " + path + ": " + response.peekBody(4096).string()).isLessThan(500);
            return response.code();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode get(String path) {
        Request request = new Request.Builder().url(manager.url() + path).build();
        try (Response response = HTTP.newCall(request).execute()) {
            return JSON.readTree(response.body().string());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
