package io.slaguard.manager.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.slaguard.manager.model.Violation;
import io.slaguard.protocol.Times;
import io.slaguard.protocol.Violations;
import io.slaguard.testsupport.MonitoringStack;
import io.slaguard.testsupport.PrometheusServer;
import io.slaguard.testsupport.TcpProxy;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Against a real Pushgateway scraped by a real Prometheus. */
class PushgatewayNotifierTest {
    private static final Duration AWAIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final OkHttpClient HTTP = new OkHttpClient();
    private static MonitoringStack stack;

    private final TestViolations violations = new TestViolations();

    @BeforeAll
    static void launch() {
        stack = MonitoringStack.launch();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private PushgatewayNotifier notifier() {
        return new PushgatewayNotifier(PushgatewaySettings.defaults(stack.pushgateway().url()));
    }

    private List<PrometheusServer.Series> series() {
        return stack.prometheus().query(Violations.DEFAULT_VIOLATION_METRIC + "{agreement=\"" + violations.agreement + "\"}");
    }

    @Test
    void prometheusSeesTheViolationGaugeOfTheKey() throws IOException {
        Violation v = violations.tooLong(3, 42);
        notifier().deliver(v);

        await().atMost(AWAIT).until(() -> series().size() == 1);
        PrometheusServer.Series s = series().get(0);
        assertThat(s.labels()).containsEntry("exported_job", "sla")
                .containsEntry("agreement", violations.agreement)
                .containsEntry("guarantee", "tooLong")
                .containsEntry("exported_instance", v.key())
                .containsEntry("function_name", "summ")
                .containsEntry("violation_time", Times.format(v.datetime()));
        assertThat(s.value()).isCloseTo(Times.epochSeconds(v.datetime()), within(1e-3));
    }

    @Test
    void aKeyHasOneGroupThatItsNewestViolationReplaces() throws IOException {
        Violation first = violations.tooLong(1, 1);
        Violation second = new Violation(first.id() + "-2", first.agreementId(), first.guarantee(),
                first.datetime().plusSeconds(30), first.key(), "", 2, first.labels());
        Violation otherKey = violations.tooLong(2, 1);
        PushgatewayNotifier notifier = notifier();

        notifier.deliver(first);
        notifier.deliver(otherKey);
        notifier.deliver(second);

        assertThat(groups(violations.agreement)).hasSize(2);
        await().atMost(AWAIT).until(() -> series().size() == 2
                && series().stream().anyMatch(s -> Times.format(second.datetime()).equals(s.label("violation_time"))));
        PrometheusServer.Series ofKey = series().stream().filter(s -> first.key().equals(s.label("exported_instance")))
                .findFirst().orElseThrow();
        assertThat(ofKey.label("violation_time")).isEqualTo(Times.format(second.datetime()));
        assertThat(ofKey.label("function_name")).isEqualTo(Violations.NO_FUNCTION_NAME);
    }

    @Test
    void aKeyThatIsALabelSetIsAValidGroup() throws IOException {
        String key = "{path=\"/tmp/a b\", host=\"x\"}";
        notifier().deliver(new Violation("v-" + violations.agreement, violations.agreement, "cpu",
                Instant.now(), key, "", 0.9, Map.of()));

        assertThat(groups(violations.agreement)).extracting(g -> g.get("instance")).containsExactly(key);
    }

    @Test
    void quietGroupsAreDeletedAndRecentOnesKept() throws IOException {
        Violation quiet = violations.tooLong(1, 1);
        Violation recent = violations.tooLong(2, 1);
        notifier().deliver(quiet);
        notifier().deliver(recent);
        double quietPush = pushTime(quiet.key());
        double recentPush = pushTime(recent.key());
        assertThat(recentPush).isGreaterThan(quietPush);

        // seen 10 s after the recent push, with a retention that falls between the two pushes
        Instant now = Times.fromEpochSeconds(recentPush + 10);
        Duration retention = Duration.ofMillis(10_000 + (long) ((recentPush - quietPush) * 500));
        PushgatewayNotifier notifier = new PushgatewayNotifier(
                PushgatewaySettings.defaults(stack.pushgateway().url()), Clock.fixed(now, ZoneOffset.UTC));

        assertThat(notifier.deleteQuietGroups(retention)).isGreaterThanOrEqualTo(1);

        assertThat(groups(violations.agreement)).extracting(g -> g.get("instance")).containsExactly(recent.key());
    }

    @Test
    void deliveryFailsWhileThePushgatewayIsDownAndSucceedsAfter() throws IOException {
        InMemoryOutbox outbox = new InMemoryOutbox();
        DispatcherSettings fast = new DispatcherSettings(Duration.ofMillis(100), 10, Duration.ofMillis(100),
                Duration.ofMillis(300));
        Violation v = violations.tooLong(4, 1);
        try (TcpProxy proxy = TcpProxy.to("127.0.0.1", stack.pushgateway().port());
             OutboxDispatcher dispatcher = new OutboxDispatcher(outbox, List.of(new PushgatewayNotifier(
                     PushgatewaySettings.defaults("http://127.0.0.1:" + proxy.port()))), fast, Clock.systemUTC())) {
            proxy.cut();
            outbox.add(v, PushgatewayNotifier.NAME);
            dispatcher.start();

            await().atMost(AWAIT).until(() -> outbox.states(PushgatewayNotifier.NAME).get(0).attempts() >= 2);
            assertThat(outbox.pending()).isEqualTo(1);
            assertThat(groups(violations.agreement)).isEmpty();

            proxy.restore();
            await().atMost(AWAIT).until(() -> outbox.pending() == 0);
            assertThat(groups(violations.agreement)).extracting(g -> g.get("instance")).containsExactly(v.key());
        }
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> PushgatewaySettings.defaults("ftp://x")).hasMessageContaining("http");
        assertThatThrownBy(() -> new PushgatewaySettings("http://x:9091", "bad name", Duration.ofSeconds(1)))
                .hasMessageContaining("metric name");
    }

    /** Grouping labels of the {@code job=sla} groups of {@code agreement}, from the Pushgateway's listing. */
    private static List<Map<String, String>> groups(String agreement) throws IOException {
        return listing().stream().filter(g -> "sla".equals(g.get("job")) && agreement.equals(g.get("agreement"))).toList();
    }

    private static double pushTime(String key) throws IOException {
        for (JsonNode group : listingJson()) {
            if (key.equals(group.path("labels").path("instance").asString())) {
                return Double.parseDouble(group.path("push_time_seconds").path("metrics").get(0).path("value").asString());
            }
        }
        throw new AssertionError("no group for " + key);
    }

    private static List<Map<String, String>> listing() throws IOException {
        return java.util.stream.StreamSupport.stream(listingJson().spliterator(), false).map(g -> {
            Map<String, String> labels = new HashMap<>();
            g.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
            return labels;
        }).toList();
    }

    private static JsonNode listingJson() throws IOException {
        Request request = new Request.Builder().url(stack.pushgateway().url() + "/api/v1/metrics").build();
        try (Response response = HTTP.newCall(request).execute()) {
            return JSON.readTree(response.body().string()).path("data");
        }
    }
}
