package io.slaguard.profiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.slaguard.protocol.Ids;
import io.slaguard.testsupport.FreePort;
import io.slaguard.testsupport.PushgatewayServer;
import io.slaguard.testsupport.TcpProxy;

/** A Pushgateway that is down, hung or cut off never holds up the call, and what cannot be sent is counted. */
class ProfilerOutageTest {
    private static final Duration FAST = Duration.ofMillis(200);

    @Test
    void aPushgatewayThatIsDownDropsSamplesAndNothingWaits() throws Exception {
        String deadUrl = "http://127.0.0.1:" + FreePort.find();
        Process workload = new ProcessBuilder("sh", "-c", "sleep 2 & wait").start();
        ProfilerHandle handle = Profiler.start(workload.pid(), newCall(), new ProfilerConfig(FAST, deadUrl, 1, FAST));

        await("samples dropped").atMost(Duration.ofSeconds(30)).until(() -> handle.summary().droppedSamples() > 0);
        assertThat(workload.waitFor()).isZero();
        CallProfile profile = handle.stop();

        assertThat(profile.samples()).isPositive();
        assertThat(profile.droppedSamples()).isPositive();
        // every sample is accounted for in the end: none sent, all counted as dropped
        assertThat(handle.awaitFlushed(Duration.ofSeconds(30))).isTrue();
        assertThat(handle.summary().droppedSamples()).isEqualTo(profile.samples());
    }

    @Test
    void aHungPushgatewayNeverBlocksSamplingNorStop() throws Exception {
        try (SilentServer hung = new SilentServer()) {
            Process workload = new ProcessBuilder("sleep", "30").start();
            try {
                ProfilerHandle handle = Profiler.start(workload.pid(), newCall(),
                        new ProfilerConfig(FAST, hung.url(), 1, FAST));

                // the sender is stuck in its first request; sampling goes on and the full queue sheds samples
                await("a push is hanging").atMost(Duration.ofSeconds(30)).until(() -> hung.accepted() > 0);
                await("samples dropped").atMost(Duration.ofSeconds(30))
                        .until(() -> handle.summary().droppedSamples() > 0);
                long samplesBefore = handle.summary().samples();
                await("sampling goes on").atMost(Duration.ofSeconds(30))
                        .until(() -> handle.summary().samples() > samplesBefore);

                CallProfile profile = handle.stop();

                // stop() came back although the server has not answered a single request
                assertThat(handle.isRunning()).isFalse();
                assertThat(handle.awaitFlushed(Duration.ZERO)).isFalse();
                assertThat(profile.droppedSamples()).isPositive();
                assertThat(workload.isAlive()).isTrue();
            } finally {
                workload.destroyForcibly();
            }
        }
    }

    @Test
    void samplesFlowAgainOnceTheOutageEnds() throws Exception {
        try (PushgatewayServer pushgateway = PushgatewayServer.launch();
             TcpProxy proxy = TcpProxy.to("127.0.0.1", pushgateway.port())) {
            proxy.cut();
            CallLabels call = newCall();
            Process workload = new ProcessBuilder("sleep", "30").start();
            try {
                ProfilerHandle handle = Profiler.start(workload.pid(), call,
                        new ProfilerConfig(FAST, "http://127.0.0.1:" + proxy.port(), 2, FAST));
                await("samples dropped while cut off").atMost(Duration.ofSeconds(30))
                        .until(() -> handle.summary().droppedSamples() > 0);
                assertThat(groupOf(pushgateway, call)).isFalse();

                proxy.restore();

                await("the call's group reaches the Pushgateway").atMost(Duration.ofSeconds(30))
                        .until(() -> groupOf(pushgateway, call));
                handle.stop();
                assertThat(handle.awaitFlushed(Duration.ofSeconds(30))).isTrue();
            } finally {
                workload.destroyForcibly();
            }
        }
    }

    private static CallLabels newCall() {
        return CallLabels.of(Ids.job(Ids.executorId(Ids.newInstance(), 0), Ids.JobKind.MAP, 0).call(0).callId());
    }

    private static boolean groupOf(PushgatewayServer pushgateway, CallLabels call) throws IOException, InterruptedException {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(pushgateway.url() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        return metrics.body().lines().anyMatch(line -> line.startsWith("cpu_usage{")
                && line.contains("call_id=\"" + call.callId() + "\""));
    }
}
