package io.slaguard.manager.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.slaguard.manager.model.Violation;
import io.slaguard.protocol.ViolationCodec;
import io.slaguard.protocol.ViolationMessage;

/** Against a small HTTP server that answers with the statuses a test queues (200 when none is queued). */
class RestNotifierTest {
    private final TestViolations violations = new TestViolations();
    private final Queue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private final List<Received> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;

    record Received(String method, String contentType, byte[] body) {
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/notifications", exchange -> {
            requests.add(new Received(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestBody().readAllBytes()));
            Integer status = statuses.poll();
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private RestNotifier notifier() {
        return new RestNotifier(new RestSettings("http://127.0.0.1:" + server.getAddress().getPort() + "/notifications",
                Duration.ofSeconds(5)));
    }

    @Test
    void postsTheViolationMessageAsJson() throws IOException {
        Violation v = violations.tooLong(2, 12.5);

        notifier().deliver(v);

        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).method()).isEqualTo("POST");
        assertThat(requests.get(0).contentType()).startsWith("application/json");
        assertThat(ViolationCodec.decode(requests.get(0).body())).isEqualTo(ViolationMessages.toMessage(v));
    }

    @Test
    void aNon2xxAnswerIsAFailure() {
        statuses.add(500);

        assertThatThrownBy(() -> notifier().deliver(violations.tooLong(0, 1))).isInstanceOf(IOException.class)
                .hasMessageContaining("500");
    }

    @Test
    void aFailedPostIsRetriedUntilAccepted() {
        statuses.add(500);
        statuses.add(503);
        InMemoryOutbox outbox = new InMemoryOutbox();
        Violation v = violations.tooLong(1, 1);
        outbox.add(v, RestNotifier.NAME);
        DispatcherSettings fast = new DispatcherSettings(Duration.ofMillis(100), 10, Duration.ofMillis(100),
                Duration.ofMillis(200));
        try (OutboxDispatcher dispatcher = new OutboxDispatcher(outbox, List.of(notifier()), fast, Clock.systemUTC())) {
            dispatcher.start();

            await().atMost(Duration.ofSeconds(30)).until(() -> outbox.pending() == 0);
        }

        assertThat(requests).hasSize(3);
        assertThat(outbox.states(RestNotifier.NAME).get(0).attempts()).isEqualTo(3);
        ViolationMessage expected = ViolationMessages.toMessage(v);
        assertThat(requests).allSatisfy(r -> assertThat(ViolationCodec.decode(r.body())).isEqualTo(expected));
    }

    @Test
    void onlyHttpUrlsAreAccepted() {
        assertThatThrownBy(() -> RestSettings.defaults("file:///etc/passwd")).hasMessageContaining("http");
        assertThatThrownBy(() -> RestSettings.defaults(" ")).hasMessageContaining("missing");
    }
}
