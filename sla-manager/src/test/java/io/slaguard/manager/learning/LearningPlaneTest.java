package io.slaguard.manager.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.slaguard.manager.api.HttpApi;
import io.slaguard.manager.api.ManagerInstance;
import io.slaguard.manager.assessment.LithopsTelemetry;
import io.slaguard.protocol.Ids;
import io.slaguard.protocol.Learning;
import io.slaguard.protocol.Times;
import io.slaguard.testsupport.FreePort;
import io.slaguard.testsupport.MonitoringStack;
import io.slaguard.testsupport.PrometheusServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The learning plane in a real manager: Lithops-shaped pushes to a real Pushgateway, a real Prometheus scraping the
 * Pushgateway and the manager's own endpoint (honor_labels false, as shipped), H2 kept across a restart.
 */
class LearningPlaneTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KEY = "learning-test-key";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static MonitoringStack stack;
    private static ManagerInstance manager;
    private static LithopsTelemetry telemetry;

    @BeforeAll
    static void start() {
        int port = FreePort.find();
        stack = MonitoringStack.launchScraping("sla-manager", "127.0.0.1:" + port, "/actuator/prometheus");
        telemetry = new LithopsTelemetry(stack);
        manager = ManagerInstance.start(Map.of("server.port", port,
                "sla.prometheus.url", stack.prometheus().url(),
                "sla.security.api-keys", KEY,
                "sla.learning.history.period", "300ms",
                "sla.learning.predictions.period", "300ms",
                "sla.learning.training.period", "500ms",
                "sla.learning.training.retrain-after", "10"));
    }

    @AfterAll
    static void stop() {
        manager.close();
        stack.close();
    }

    @Test
    void everyFinishedAttemptIsRecordedOnceWithItsFeaturesAndProfile() {
        String instance = Ids.newInstance();
        String executor = Ids.executorId(instance, 0);
        Ids.JobRef job = Ids.job(executor, Ids.JobKind.MAP, 0);
        String profiled = job.call(0).callId();
        String relaunched = job.call(1).callId();
        double base = now();
        telemetry.job(instance, job.jobId(), "fn", 3, 512);
        telemetry.start(instance, profiled, "fn", 0, base - 10);
        telemetry.inputBytes(instance, profiled, "fn", 0, 4096);
        telemetry.cpu(instance, executor, job.jobId(), profiled, Map.of(100, 50.0, 101, 30.0));
        telemetry.start(instance, relaunched, "fn", 0, base - 10);
        telemetry.cancel(instance, relaunched, "fn", 0, base - 5);
        telemetry.start(instance, relaunched, "fn", 1, base - 5);
        telemetry.end(instance, relaunched, "fn", 1, base - 3);
        telemetry.start(instance, job.call(2).callId(), "fn", 0, base - 2);
        telemetry.awaitScraped(instance);
        // the profile covers the samples Prometheus scraped during the attempt: it ends once they are in
        await("a second profile sample scraped").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> !stack.prometheus().query("count_over_time(cpu_usage{exported_instance=\"" + instance
                        + "\", pid=\"100\"}[1m]) >= 2").isEmpty());
        double profiledEnd = now();
        telemetry.end(instance, profiled, "fn", 0, profiledEnd);

        List<JsonNode> rows = await("three finished attempts recorded").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> history(instance), found -> found.size() == 3);
        // a later attempt recorded means later passes saw these again: still once each
        String later = Ids.newInstance();
        finishedJob(later, "fn", 1, 512, i -> 1.0);
        await("a later attempt recorded").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> history(later).size() == 1);
        assertThat(history(instance)).hasSize(3);

        JsonNode first = row(rows, profiled, 0);
        assertThat(first.path("outcome").asString()).isEqualTo(Learning.OUTCOME_ENDED);
        assertThat(first.path("job_id").asString()).isEqualTo(job.jobId());
        assertThat(first.path("function_name").asString()).isEqualTo("fn");
        assertThat(first.path("memory_mb").asDouble()).isEqualTo(512);
        assertThat(first.path("job_total_calls").asDouble()).isEqualTo(3);
        assertThat(first.path("input_bytes").asDouble()).isEqualTo(4096);
        assertThat(first.path("duration_seconds").asDouble()).isCloseTo(profiledEnd - (base - 10), within(1e-3));
        assertThat(first.path("cpu_peak_percent").asDouble()).isEqualTo(80);
        assertThat(first.path("cpu_mean_percent").asDouble()).isEqualTo(80);
        JsonNode cancelled = row(rows, relaunched, 0);
        assertThat(cancelled.path("outcome").asString()).isEqualTo(Learning.OUTCOME_CANCELLED);
        assertThat(cancelled.path("duration_seconds").asDouble()).isCloseTo(5, within(1e-3));
        assertThat(cancelled.path("cpu_peak_percent").isNull()).isTrue();
        assertThat(cancelled.path("input_bytes").isNull()).isTrue();
        JsonNode backup = row(rows, relaunched, 1);
        assertThat(backup.path("outcome").asString()).isEqualTo(Learning.OUTCOME_ENDED);
        assertThat(backup.path("duration_seconds").asDouble()).isCloseTo(2, within(1e-3));
    }

    @Test
    void aModelTrainedInTheBackgroundIsServedExportedAndSurvivesARestart() {
        String function = "learned-" + Ids.newInstance();
        String teacher = Ids.newInstance();
        finishedJob(teacher, function, 30, 1024, i -> 2.0);
        telemetry.awaitScraped(teacher);

        JsonNode model = await("a model served").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> models(function), found -> found.size() > 0 && found.get(0).path("serving").asBoolean())
                .get(0);
        // trained once retrain-after (10) attempts were recorded: the sensor may not have seen all 30 yet
        assertThat(model.path("samples").asInt()).isBetween(10, 30);
        assertThat(model.path("held_out_mae_seconds").asDouble()).isCloseTo(0, within(1e-3));
        assertThat(model.path("baseline_mae_seconds").asDouble()).isCloseTo(0, within(1e-3));

        HttpApi api = manager.api();
        JsonNode prediction = JSON.readTree(api.get("/predictions?function_name=" + function
                + "&memory_mb=1024&input_bytes=2048&job_total_calls=30").body());
        assertThat(prediction.path("p50_seconds").asDouble()).isCloseTo(2, within(1e-3));
        assertThat(prediction.path("model_version").asLong()).isEqualTo(model.path("version").asLong());
        // nonsense features are unknown, not errors
        HttpApi.Reply odd = api.get("/predictions?function_name=" + function
                + "&memory_mb=NaN&input_bytes=-5&job_total_calls=Infinity");
        assertThat(odd.status()).isEqualTo(200);
        JsonNode oddPrediction = JSON.readTree(odd.body());
        assertThat(oddPrediction.path("memory_mb").isNull()).isTrue();
        assertThat(oddPrediction.path("input_bytes").isNull()).isTrue();
        assertThat(oddPrediction.path("job_total_calls").isNull()).isTrue();
        assertThat(oddPrediction.path("p50_seconds").asDouble()).isCloseTo(2, within(1e-3));
        assertThat(api.get("/predictions?function_name=" + function).status()).isEqualTo(200);
        assertThat(api.get("/predictions?function_name=" + function + "&memory_mb=lots").status()).isEqualTo(400);
        assertThat(api.get("/predictions?function_name=never-ran").status()).isEqualTo(404);

        // a job of the function running: one call 1 s in, three not started
        String running = Ids.newInstance();
        Ids.JobRef job = Ids.job(Ids.executorId(running, 0), Ids.JobKind.MAP, 0);
        telemetry.job(running, job.jobId(), function, 4, 1024);
        telemetry.start(running, job.call(0).callId(), function, 0, now() - 1);
        telemetry.awaitScraped(running);
        PrometheusServer.Series p50 = await("the prediction scraped from the manager").atMost(WAIT)
                .pollInterval(Duration.ofMillis(300))
                .until(() -> stack.prometheus().query(Learning.PREDICTED_DURATION_P50 + "{exported_instance=\"" + running
                        + "\"}"), found -> found.size() == 1).get(0);
        assertThat(p50.labels()).containsEntry("call_id", job.call(0).callId()).containsEntry("job_id", job.jobId())
                .containsEntry("function_name", function).containsEntry("job", "sla-manager");
        assertThat(p50.value()).isCloseTo(2, within(1e-3));
        double forecast = await("the forecast scraped").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> stack.prometheus().query(Learning.FORECAST_COST + "{exported_instance=\"" + running + "\"}"),
                        found -> found.size() == 1).get(0).value();
        // the running call at least at its median (2 s), three more at 2 s, 1024 MB each
        assertThat(forecast).isGreaterThanOrEqualTo(4 * 2 * 1024.0);
        assertThat(manager.api().get("/actuator/prometheus").body())
                .contains(Learning.MODEL_MAE + "{function_name=\"" + function + "\",of=\"baseline\"}")
                .contains(Learning.MODEL_VERSION + "{function_name=\"" + function + "\"}");

        List<JsonNode> historyBefore = history(teacher);
        manager.restart();

        assertThat(models(function)).hasSize(1).first().satisfies(after -> {
            assertThat(after.path("version").asLong()).isEqualTo(model.path("version").asLong());
            assertThat(after.path("serving").asBoolean()).isTrue();
        });
        assertThat(history(teacher)).isEqualTo(historyBefore);
        assertThat(JSON.readTree(manager.api().get("/predictions?function_name=" + function).body())
                .path("p50_seconds").asDouble()).isCloseTo(2, within(1e-3));
    }

    @Test
    void retrainingNeedsTheKeyAndAddsAVersion() {
        String function = "retrained-" + Ids.newInstance();
        String instance = Ids.newInstance();
        finishedJob(instance, function, 3, 256, i -> 1.0 + i);
        await("history recorded").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> history(instance).size() == 3);
        String route = "/models/retrain?function_name=" + function;

        assertThat(manager.api().send("POST", route, null).status()).isEqualTo(401);
        HttpApi.Reply trained = manager.api().send("POST", route, null, Map.of("X-API-Key", KEY));
        HttpApi.Reply again = manager.api().send("POST", route, null, Map.of("X-API-Key", KEY));

        assertThat(trained.status()).as(trained.body()).isEqualTo(200);
        assertThat(JSON.readTree(trained.body()).path("trained").get(0).path("version").asLong()).isEqualTo(1);
        assertThat(JSON.readTree(again.body()).path("trained").get(0).path("version").asLong()).isEqualTo(2);
        assertThat(JSON.readTree(again.body()).path("trained").get(0).path("samples").asInt()).isEqualTo(3);
        assertThat(models(function)).extracting(m -> m.path("version").asLong()).containsExactly(2L, 1L);
    }

    @Test
    void theRoutesAreDescribedWithExamples() {
        JsonNode paths = JSON.readTree(manager.api().get("/v3/api-docs").body()).path("paths");

        assertThat(paths.has(Learning.ROUTE_MODELS) && paths.has(Learning.ROUTE_PREDICTIONS)
                && paths.has(Learning.ROUTE_HISTORY) && paths.has(Learning.ROUTE_RETRAIN)).isTrue();
        assertThat(paths.path(Learning.ROUTE_PREDICTIONS).toString()).contains("p50_seconds").contains("52428800");
        assertThat(paths.path(Learning.ROUTE_RETRAIN).toString()).contains("\"trained\"");
    }

    /** A job of {@code calls} calls that all ran, one after the other, call i for {@code duration(i)} seconds. */
    private static void finishedJob(String instance, String function, int calls, int memoryMb,
                                    IntToDoubleFunction duration) {
        Ids.JobRef job = Ids.job(Ids.executorId(instance, 0), Ids.JobKind.MAP, 0);
        double start = now() - 10.0 * calls;
        telemetry.job(instance, job.jobId(), function, calls, memoryMb);
        for (int i = 0; i < calls; i++, start += 10) {
            telemetry.start(instance, job.call(i).callId(), function, 0, start);
            telemetry.end(instance, job.call(i).callId(), function, 0, start + duration.applyAsDouble(i));
        }
    }

    private static double now() {
        return Times.epochSeconds(Instant.now());
    }

    private static List<JsonNode> history(String instance) {
        List<JsonNode> rows = new ArrayList<>();
        JSON.readTree(manager.api().get("/history?limit=1000").body()).forEach(row -> {
            if (row.path("instance").asString().equals(instance)) {
                rows.add(row);
            }
        });
        return rows;
    }

    private static List<JsonNode> models(String function) {
        List<JsonNode> models = new ArrayList<>();
        JSON.readTree(manager.api().get("/models?function_name=" + function).body()).forEach(models::add);
        return models;
    }

    private static JsonNode row(List<JsonNode> rows, String callId, int attempt) {
        return rows.stream().filter(r -> r.path("call_id").asString().equals(callId) && r.path("attempt").asInt() == attempt)
                .findFirst().orElseThrow(() -> new AssertionError("no row of " + callId + "/" + attempt + " in " + rows));
    }
}
