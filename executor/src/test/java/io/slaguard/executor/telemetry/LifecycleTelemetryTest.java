package io.slaguard.executor.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.slaguard.executor.api.CallFunction;
import io.slaguard.executor.FunctionExecutor;
import io.slaguard.executor.api.ResponseFuture;
import io.slaguard.executor.backend.LocalBackend;
import io.slaguard.protocol.Ids;
import io.slaguard.protocol.Telemetry;
import io.slaguard.protocol.Times;
import io.slaguard.testsupport.MonitoringStack;
import io.slaguard.testsupport.PrometheusServer;
import io.slaguard.testsupport.QueryEngine.Series;
import io.slaguard.testsupport.PushgatewayServer;
import io.slaguard.testsupport.TcpProxy;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LifecycleTelemetryTest {
    private static final Duration PROMETHEUS_WAIT = Duration.ofSeconds(30);
    private final MonitoringStack stack = MonitoringStack.shared();
    private final PrometheusServer prometheus = stack.prometheus();
    private final PushgatewayGroups pushgateway = new PushgatewayGroups(stack.pushgateway().url());

    @Test
    void aJobAppearsInPrometheusWithLithopsNamesLabelsAndTypesNextToLithopsOwnPushes() {
        String lithopsInstance = Ids.newInstance();
        String lithopsJob = lithopsInstance + "-0-M000";
        Instant before = Instant.now();
        String instance;
        try (FunctionExecutor executor = executor(URI.create(stack.pushgateway().url()), Duration.ofMinutes(15))) {
            instance = executor.instance();
            List<ResponseFuture> futures = executor.map(CallFunction.command(List.of("sh", "-c", "echo {}")),
                    List.of("1", "2", "3"));
            executor.waitAll(futures);
            assertThat(executor.flushTelemetry(Duration.ofSeconds(10))).isTrue();
            assertThat(executor.telemetryStats().sent()).isEqualTo(1 + 3 * 2);
        }
        // the same metrics pushed the way Lithops pushes them, for another instance: no TYPE conflict
        List<Map.Entry<String, String>> jobLabels = List.of(Map.entry("job_id", lithopsJob), Map.entry("function_name", "my_function"));
        List<Map.Entry<String, String>> callLabels = List.of(Map.entry("job_id", lithopsJob),
                Map.entry("call_id", lithopsJob + "-00000"), Map.entry("function_name", "my_function"));
        double now = Times.epochSeconds(Instant.now());
        assertThat(List.of(
                pushgateway.pushAsLithops(lithopsInstance, jobLabels, "job_total_calls", "counter", 5),
                pushgateway.pushAsLithops(lithopsInstance, jobLabels, "job_runtime_memory", "counter", 2048),
                pushgateway.pushAsLithops(lithopsInstance, callLabels, "function_start", "gauge", now),
                pushgateway.pushAsLithops(lithopsInstance, callLabels, "function_end", "gauge", now + 1)))
                .allMatch(status -> status == 200 || status == 202);
        Instant after = Instant.now();

        String jobId = instance + "-0-M000";
        await().atMost(PROMETHEUS_WAIT).untilAsserted(() -> {
            assertThat(prometheus.query("job_total_calls{exported_instance=\"" + instance + "\"}"))
                    .singleElement().satisfies(series -> {
                        assertThat(series.value()).isEqualTo(3);
                        assertThat(series.labels()).containsEntry("exported_job", "lithops")
                                .containsEntry("job_id", jobId).containsEntry("function_name", "sh")
                                .doesNotContainKey("call_id");
                    });
            assertThat(prometheus.query("job_runtime_memory{exported_instance=\"" + instance + "\"}"))
                    .singleElement().extracting(Series::value).isEqualTo(512.0);
            List<Series> starts = prometheus.query("function_start{exported_instance=\"" + instance + "\"}");
            List<Series> ends = prometheus.query("function_end{exported_instance=\"" + instance + "\"}");
            assertThat(starts).extracting(s -> s.label("call_id"))
                    .containsExactlyInAnyOrder(jobId + "-00000", jobId + "-00001", jobId + "-00002");
            assertThat(ends).hasSize(3);
            assertThat(starts).allSatisfy(s -> {
                assertThat(s.labels()).containsEntry("exported_job", "lithops").containsEntry("job_id", jobId)
                        .doesNotContainKey("attempt");
                assertThat(s.value()).isBetween(Times.epochSeconds(before), Times.epochSeconds(after));
            });
            Map<String, Double> startByCall = starts.stream().collect(Collectors.toMap(s -> s.label("call_id"), Series::value));
            assertThat(ends).allSatisfy(e -> assertThat(e.value()).isGreaterThanOrEqualTo(startByCall.get(e.label("call_id"))));
            assertThat(prometheus.query("job_total_calls{exported_instance=\"" + lithopsInstance + "\"}"))
                    .singleElement().extracting(Series::value).isEqualTo(5.0);
            assertThat(prometheus.query("function_end{exported_instance=\"" + lithopsInstance + "\"}")).hasSize(1);
        });
        assertThat(metadataType("job_total_calls")).isEqualTo("counter");
        assertThat(metadataType("job_runtime_memory")).isEqualTo("counter");
        assertThat(metadataType("function_start")).isEqualTo("gauge");
        assertThat(metadataType("function_end")).isEqualTo("gauge");
        assertThat(pushgateway.metricsOf(instance)).filteredOn(m -> m.name().startsWith("job_"))
                .extracting(PushgatewayGroups.Metric::type).containsOnly("COUNTER");
    }

    @Test
    void anInputNamingAFileHasItsSizePushedWithTheStartAndLithopsShapedPushesStillWork(@TempDir Path dir)
            throws IOException {
        Path file = Files.write(dir.resolve("input.bin"), new byte[12_345]);
        String instance;
        String jobId;
        try (FunctionExecutor executor = executor(URI.create(stack.pushgateway().url()), Duration.ofMinutes(15))) {
            instance = executor.instance();
            jobId = instance + "-0-M000";
            // a file, a path to nothing, a directory: only the file has a size
            executor.getResult(executor.map(CallFunction.command(List.of("echo", "{}")),
                    List.of(file.toString(), dir.resolve("missing").toString(), dir.toString())));
            assertThat(executor.flushTelemetry(Duration.ofSeconds(10))).isTrue();
            assertThat(executor.telemetryStats().sent()).isEqualTo(1 + 3 * 2);
        }
        // in the start's own POST (no extra push above), in the start's group
        assertThat(pushgateway.metricsOf(instance)).filteredOn(m -> m.name().equals(Telemetry.FUNCTION_INPUT_BYTES))
                .singleElement().satisfies(m -> {
                    assertThat(m.type()).isEqualTo("GAUGE");
                    assertThat(m.value()).isEqualTo(12_345);
                    assertThat(m.groupLabels()).containsEntry("call_id", jobId + "-00000");
                });
        String lithopsInstance = Ids.newInstance();
        List<Map.Entry<String, String>> callLabels = List.of(Map.entry("job_id", lithopsInstance + "-0-M000"),
                Map.entry("call_id", lithopsInstance + "-0-M000-00000"), Map.entry("function_name", "my_function"));
        double now = Times.epochSeconds(Instant.now());
        assertThat(List.of(pushgateway.pushAsLithops(lithopsInstance, callLabels, "function_start", "gauge", now),
                pushgateway.pushAsLithops(lithopsInstance, callLabels, "function_end", "gauge", now + 1)))
                .allMatch(status -> status == 200 || status == 202);

        await().atMost(PROMETHEUS_WAIT).untilAsserted(() -> {
            List<Series> sizes = prometheus.query(Telemetry.FUNCTION_INPUT_BYTES + "{exported_instance=\"" + instance + "\"}");
            List<Series> starts = prometheus.query("function_start{exported_instance=\"" + instance + "\",call_id=\""
                    + jobId + "-00000\"}");
            assertThat(sizes).singleElement().satisfies(size -> {
                assertThat(size.value()).isEqualTo(12_345);
                assertThat(size.labels()).containsEntry("exported_job", "lithops").containsEntry("job_id", jobId)
                        .containsEntry("call_id", jobId + "-00000").containsEntry("function_name", "echo");
                // the same labels as the call's start, so the two match one-to-one in PromQL
                assertThat(withoutName(size.labels())).isEqualTo(withoutName(starts.get(0).labels()));
            });
            assertThat(prometheus.query("function_end{exported_instance=\"" + lithopsInstance + "\"}")).hasSize(1);
            assertThat(prometheus.query("{exported_instance=\"" + lithopsInstance + "\",__name__=\""
                    + Telemetry.FUNCTION_INPUT_BYTES + "\"}")).isEmpty();
        });
        assertThat(metadataType(Telemetry.FUNCTION_INPUT_BYTES)).isEqualTo("gauge");
    }

    @Test
    void aLibraryCallerGivesTheInputSizesItKnowsAndAFailingSizingChangesNothingElse() {
        FunctionExecutor executor = FunctionExecutor.builder().backend(LocalBackend.withWorkers(2))
                .pushgateway(URI.create(stack.pushgateway().url())).telemetryRetention(Duration.ZERO)
                .inputSize(input -> switch (input) {
                    case "big" -> OptionalLong.of(5_000_000_000L);
                    case "broken" -> throw new IllegalStateException("no size service");
                    default -> OptionalLong.empty();
                })
                .build();
        try (executor) {
            List<ResponseFuture> futures = executor.map(CallFunction.java("sized", String::toUpperCase),
                    List.of("big", "broken", "small"));
            assertThat(executor.getResult(futures)).containsExactly("BIG", "BROKEN", "SMALL");
            assertThat(executor.flushTelemetry(Duration.ofSeconds(10))).isTrue();
            String jobId = executor.instance() + "-0-M000";
            List<PushgatewayGroups.Metric> metrics = pushgateway.metricsOf(executor.instance());
            assertThat(metrics).filteredOn(m -> m.name().equals(Telemetry.FUNCTION_INPUT_BYTES))
                    .singleElement().satisfies(m -> {
                        assertThat(m.value()).isEqualTo(5e9);
                        assertThat(m.groupLabels()).containsEntry("call_id", jobId + "-00000");
                    });
            assertThat(metrics).filteredOn(m -> m.name().equals(Telemetry.FUNCTION_START)).hasSize(3);
        }
    }

    private static Map<String, String> withoutName(Map<String, String> labels) {
        Map<String, String> rest = new java.util.TreeMap<>(labels);
        rest.remove("__name__");
        return rest;
    }

    @Test
    void aPushgatewayOutageDelaysTelemetryAndLosesNothing() {
        try (TcpProxy proxy = TcpProxy.to("127.0.0.1", stack.pushgateway().port());
             FunctionExecutor executor = executor(URI.create("http://127.0.0.1:" + proxy.port()), Duration.ZERO)) {
            proxy.cut();
            List<ResponseFuture> futures = executor.map(CallFunction.command(List.of("echo", "{}")), List.of("a", "b"));

            assertThat(executor.getResult(futures)).containsExactly("a\n", "b\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> executor.telemetryStats().failures() > 0);
            assertThat(pushgateway.metricsOf(executor.instance())).isEmpty();

            proxy.restore();
            assertThat(executor.flushTelemetry(Duration.ofSeconds(20))).isTrue();
            assertThat(pushgateway.metricsOf(executor.instance())).extracting(PushgatewayGroups.Metric::name)
                    .containsExactlyInAnyOrder(Telemetry.JOB_TOTAL_CALLS, Telemetry.JOB_RUNTIME_MEMORY,
                            Telemetry.FUNCTION_START, Telemetry.FUNCTION_END,
                            Telemetry.FUNCTION_START, Telemetry.FUNCTION_END);
            assertThat(executor.telemetryStats().rejected()).isZero();
        }
    }

    @Test
    void aPushThePushgatewayRefusesIsDroppedAndCountedWithoutHoldingUpTheRest() {
        try (PushgatewayServer own = PushgatewayServer.launch();
             FunctionExecutor executor = executor(URI.create(own.url()), Duration.ZERO)) {
            // another pusher got function_start in first with the wrong TYPE: every function_start is now refused
            PushgatewayGroups groups = new PushgatewayGroups(own.url());
            assertThat(groups.pushAsLithops(Ids.newInstance(), List.of(Map.entry("job_id", "x")), "function_start",
                    "counter", 1)).isBetween(200, 299);

            executor.getResult(executor.map(CallFunction.command(List.of("echo", "{}")), List.of("a")));

            assertThat(executor.flushTelemetry(Duration.ofSeconds(20))).isTrue();
            assertThat(executor.telemetryStats().rejected()).isEqualTo(1);
            assertThat(groups.metricsOf(executor.instance())).extracting(PushgatewayGroups.Metric::name)
                    .containsExactlyInAnyOrder(Telemetry.JOB_TOTAL_CALLS, Telemetry.JOB_RUNTIME_MEMORY,
                            Telemetry.FUNCTION_END);
        }
    }

    @Test
    void closingWithZeroRetentionDeletesTheInstanceGroups() {
        FunctionExecutor executor = executor(URI.create(stack.pushgateway().url()), Duration.ZERO);
        executor.getResult(executor.map(CallFunction.command(List.of("echo", "{}")), List.of("a")));
        assertThat(executor.flushTelemetry(Duration.ofSeconds(10))).isTrue();
        assertThat(pushgateway.metricsOf(executor.instance())).isNotEmpty();

        executor.close();

        assertThat(pushgateway.metricsOf(executor.instance())).isEmpty();
    }

    private static FunctionExecutor executor(URI pushgateway, Duration retention) {
        return FunctionExecutor.builder().backend(LocalBackend.withWorkers(4)).memoryMb(512)
                .pushgateway(pushgateway).telemetryRetention(retention).build();
    }

    private String metadataType(String metric) {
        String url = prometheus.url() + "/api/v1/metadata?metric=" + URLEncoder.encode(metric, StandardCharsets.UTF_8);
        try (Response r = new OkHttpClient().newCall(new Request.Builder().url(url).build()).execute()) {
            JsonNode body = JsonMapper.builder().build().readTree(r.body().string());
            return body.path("data").path(metric).get(0).path("type").asString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
