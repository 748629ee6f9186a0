package io.slaguard.manager.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.slaguard.manager.assessment.MetricsSource.MetricsSourceException;
import io.slaguard.manager.assessment.MetricsSource.Sample;
import io.slaguard.testsupport.MonitoringStack;
import io.slaguard.testsupport.TcpProxy;

class PrometheusMetricsSourceTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final MonitoringStack stack = MonitoringStack.shared();
    private final PrometheusMetricsSource prometheus =
            new PrometheusMetricsSource(stack.prometheus().url(), PrometheusSettings.anonymous());

    @Test
    void parametersAreEncodedExactlyOnce() throws Exception {
        String tricky = "a+b %2B c&d={x}";
        List<Sample> result = prometheus.query("label_replace(vector(1), \"q\", \"" + tricky + "\", \"\", \"\")",
                Instant.now(), TIMEOUT);
        assertThat(result).containsExactly(new Sample(Map.of("q", tricky), 1.0));
    }

    @Test
    void theQueryIsEvaluatedAtTheGivenInstant() throws Exception {
        Instant tick = Instant.parse("2026-11-28T12:00:00.250Z");
        assertThat(prometheus.query("time()", tick, TIMEOUT)).containsExactly(new Sample(Map.of(), 1_795_867_200.25));
        assertThat(prometheus.query("vector(time())", tick, TIMEOUT)).containsExactly(new Sample(Map.of(), 1_795_867_200.25));
    }

    @Test
    void specialValuesAreParsed() throws Exception {
        assertThat(prometheus.query("vector(NaN)", Instant.now(), TIMEOUT).get(0).value()).isNaN();
        assertThat(prometheus.query("vector(-Inf)", Instant.now(), TIMEOUT).get(0).value())
                .isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void aQueryErrorCarriesPrometheusReason() {
        assertThatThrownBy(() -> prometheus.query("sum(", Instant.now(), TIMEOUT))
                .isInstanceOf(MetricsSourceException.class)
                .hasMessageStartingWith("Prometheus at " + stack.prometheus().url() + "/ answered query with HTTP 400: bad_data");
        assertThatThrownBy(() -> prometheus.query("up[1m]", Instant.now(), TIMEOUT))
                .isInstanceOf(MetricsSourceException.class).hasMessageContaining("returned a matrix result");
    }

    @Test
    void theVersionIsReadOnceAndCached() throws Exception {
        try (TcpProxy proxy = TcpProxy.to("127.0.0.1", stack.prometheus().port())) {
            PrometheusMetricsSource viaProxy = new PrometheusMetricsSource("http://127.0.0.1:" + proxy.port(),
                    PrometheusSettings.anonymous());
            String version = viaProxy.version();
            assertThat(version).matches("\\d+\\.\\d+\\.\\d+.*");
            proxy.cut();
            assertThat(viaProxy.version()).isEqualTo(version);
            assertThatThrownBy(() -> viaProxy.query("vector(1)", Instant.now(), TIMEOUT))
                    .isInstanceOf(MetricsSourceException.class).hasMessageContaining("unreachable");
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOutOnTheClient() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        accepted.add(silent.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            PrometheusMetricsSource hung = new PrometheusMetricsSource("http://127.0.0.1:" + silent.getLocalPort(),
                    PrometheusSettings.anonymous());
            assertThatThrownBy(() -> hung.query("vector(1)", Instant.now(), Duration.ofMillis(300)))
                    .isInstanceOf(MetricsSourceException.class).hasMessageEndingWith("did not answer query within 0.3 s");
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void credentialsAreSentAndNeverShown() throws Exception {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/prom/api/v1/query", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{\"status\":\"error\",\"errorType\":\"unauthorized\",\"error\":\"who are you\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/prom";
            PrometheusMetricsSource basic = new PrometheusMetricsSource(base.replace("//", "//watcher:s3cret@"),
                    PrometheusSettings.anonymous());
            assertThatThrownBy(() -> basic.query("vector(1)", Instant.now(), TIMEOUT))
                    .isInstanceOf(MetricsSourceException.class)
                    .hasMessage("Prometheus at " + base + " answered query with HTTP 401: unauthorized who are you");
            PrometheusMetricsSource bearer = new PrometheusMetricsSource(base,
                    new PrometheusSettings(null, null, "t0ken", null));
            assertThatThrownBy(() -> bearer.query("vector(1)", Instant.now(), TIMEOUT))
                    .isInstanceOf(MetricsSourceException.class).message().doesNotContain("t0ken");
            assertThat(authorizations).containsExactly(
                    "Basic " + Base64.getEncoder().encodeToString("watcher:s3cret".getBytes(StandardCharsets.UTF_8)),
                    "Bearer t0ken");
            assertThat(basic.url()).isEqualTo(base);
            assertThat(new PrometheusSettings("u", "pw", null, null).toString()).doesNotContain("pw");
        } finally {
            server.stop(0);
        }
    }
}
