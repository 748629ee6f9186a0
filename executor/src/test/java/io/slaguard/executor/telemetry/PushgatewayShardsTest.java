package io.slaguard.executor.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.slaguard.executor.api.CallFunction;
import io.slaguard.executor.FunctionExecutor;
import io.slaguard.executor.api.ResponseFuture;
import io.slaguard.executor.backend.LocalBackend;
import io.slaguard.protocol.Ids;
import io.slaguard.testsupport.PrometheusServer;
import io.slaguard.testsupport.PushgatewayServer;

class PushgatewayShardsTest {

    @Test
    void everyProcessPicksTheSamePushgatewayForAnInstanceAndInstancesSpreadOverAll() {
        List<URI> three = List.of(URI.create("http://a:9091"), URI.create("http://b:9091"), URI.create("http://c:9091"));
        Map<URI, Integer> picked = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            String instance = Ids.newInstance();
            URI shard = PushgatewayShards.forInstance(three, instance);
            assertThat(PushgatewayShards.forInstance(List.copyOf(three), instance)).isEqualTo(shard);
            picked.merge(shard, 1, Integer::sum);
        }
        assertThat(picked).containsOnlyKeys(three).allSatisfy((shard, count) -> assertThat(count).isBetween(800, 1200));
        assertThat(PushgatewayShards.forInstance(List.of(three.get(1)), "58d244")).isEqualTo(three.get(1));
        assertThat(PushgatewayShards.forInstance(List.of(), "58d244")).isNull();
    }

    @Test
    void executorsSpreadOverPushgatewaysAndPrometheusSeesEveryCallWhole() {
        try (PushgatewayServer first = PushgatewayServer.launch();
             PushgatewayServer second = PushgatewayServer.launch();
             PrometheusServer prometheus = PrometheusServer.launch(first.address(), second.address())) {
            List<URI> both = List.of(URI.create(first.url()), URI.create(second.url()));
            // two instances on each Pushgateway
            List<String> instances = new ArrayList<>();
            for (URI shard : both) {
                IntStream.iterate(0, i -> i + 1).mapToObj(i -> Ids.newInstance())
                        .filter(instance -> PushgatewayShards.forInstance(both, instance).equals(shard))
                        .limit(2).forEach(instances::add);
            }
            for (String instance : instances) {
                try (FunctionExecutor executor = FunctionExecutor.builder().backend(LocalBackend.withWorkers(2))
                        .pushgateways(both).instance(instance).build()) {
                    assertThat(executor.pushgateway()).isEqualTo(PushgatewayShards.forInstance(both, instance));
                    List<ResponseFuture> calls = executor.map(CallFunction.command(List.of("sh", "-c", "echo {}")),
                            List.of("1", "2"));
                    executor.waitAll(calls);
                    assertThat(executor.flushTelemetry(Duration.ofSeconds(10))).isTrue();
                }
            }

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (String instance : instances) {
                    String target = PushgatewayShards.forInstance(both, instance).getAuthority();
                    // each instance's series come from its own Pushgateway only
                    assertThat(prometheus.query("function_start{exported_instance=\"" + instance + "\"}"))
                            .hasSize(2).allSatisfy(s -> assertThat(s.label("instance")).isEqualTo(target));
                }
                // the start and end of a call sit on one Pushgateway, so the guarantees' one-to-one matching holds
                assertThat(prometheus.query("count(function_end - function_start)")).singleElement()
                        .satisfies(s -> assertThat(s.value()).isEqualTo(2.0 * instances.size()));
            });
        }
    }
}
