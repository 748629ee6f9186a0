package io.slaguard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

class MonitoringStackTest {
    @Test
    void prometheusSeesWhatIsPushedWithExportedLabels() throws Exception {
        try (MonitoringStack stack = MonitoringStack.launch()) {
            OkHttpClient http = new OkHttpClient();
            String body = "# TYPE function_start gauge\nfunction_start 1700000000.5\n";
            Request push = new Request.Builder()
                    .url(stack.pushgateway().url() + "/metrics/job/lithops/instance/abc123/call_id/abc123-0-M000-00000")
                    .post(RequestBody.create(body, MediaType.get("text/plain"))).build();
            try (Response r = http.newCall(push).execute()) {
                assertThat(r.code()).isEqualTo(200);
            }
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> !stack.prometheus().query("function_start{exported_instance=\"abc123\"}").isEmpty());
            List<PrometheusServer.Series> series = stack.prometheus().query("function_start{exported_instance=\"abc123\"}");
            assertThat(series.get(0).label("exported_job")).isEqualTo("lithops");
            assertThat(series.get(0).value()).isEqualTo(1700000000.5);
        }
    }

    @Test
    void victoriaMetricsScrapesTheSamePushgatewayAndAnswersAtOnceAndStopsCleanly() throws Exception {
        try (MonitoringStack stack = MonitoringStack.launch()) {
            OkHttpClient http = new OkHttpClient();
            String body = "# TYPE function_start gauge\nfunction_start 1700000000.5\n";
            Request push = new Request.Builder()
                    .url(stack.pushgateway().url() + "/metrics/job/lithops/instance/vm1/call_id/vm1-0-M000-00000")
                    .post(RequestBody.create(body, MediaType.get("text/plain"))).build();
            try (Response r = http.newCall(push).execute()) {
                assertThat(r.code()).isEqualTo(200);
            }
            VictoriaMetricsServer vm = stack.victoriaMetrics();
            assertThat(stack.engines()).extracting(QueryEngine::kind)
                    .containsExactly(EngineKind.PROMETHEUS, EngineKind.VICTORIA_METRICS);
            // well within VictoriaMetrics' default 30 s latency offset: only nocache=1 makes this visible
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> !vm.query("function_start{exported_instance=\"vm1\"}").isEmpty());
            List<QueryEngine.Series> series = vm.query("function_start{exported_instance=\"vm1\"}");
            assertThat(series.get(0).label("exported_job")).isEqualTo("lithops");
            assertThat(series.get(0).label("job")).isEqualTo("pushgateway");
            assertThat(series.get(0).value()).isEqualTo(1700000000.5);

            vm.stop();
            assertThat(vm.isRunning()).isFalse();
            assertThat(java.nio.file.Files.readString(vm.log())).doesNotContain("panic");
        }
    }

    @Test
    void aCutProxyRefusesAndARestoredOneForwards() throws Exception {
        try (PushgatewayServer pg = PushgatewayServer.launch(); TcpProxy proxy = TcpProxy.to("127.0.0.1", pg.port())) {
            OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
            Request ready = new Request.Builder().url("http://127.0.0.1:" + proxy.port() + "/-/ready").build();
            try (Response r = http.newCall(ready).execute()) {
                assertThat(r.code()).isEqualTo(200);
            }
            proxy.cut();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> http.newCall(ready).execute().close())
                    .isInstanceOf(java.io.IOException.class);
            proxy.restore();
            try (Response r = http.newCall(ready).execute()) {
                assertThat(r.code()).isEqualTo(200);
            }
        }
    }
}
