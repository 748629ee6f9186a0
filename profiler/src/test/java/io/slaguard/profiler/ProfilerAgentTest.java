package io.slaguard.profiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.slaguard.testsupport.PushgatewayServer;

class ProfilerAgentTest {

    @Test
    void parsesTheCommandLine() {
        ProfilerAgent.Arguments args = ProfilerAgent.parse(new String[] {"--pid", "42", "--pushgateway",
                "http://127.0.0.1:9091", "--call-id=58d244-0-M001-00003", "--interval", "1s"});
        assertThat(args.pid()).isEqualTo(42);
        assertThat(args.call()).isEqualTo(CallLabels.of("58d244-0-M001-00003"));
        assertThat(args.config().interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(args.config().pushgatewayUrl()).isEqualTo("http://127.0.0.1:9091");
    }

    @Test
    void intervalDefaultsToTenSecondsAndAcceptsTheUsualForms() {
        assertThat(ProfilerAgent.parse(new String[] {"--pid", "1", "--pushgateway", "http://pg:9091", "--call-id",
                "58d244-0-M001-00003"}).config().interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(ProfilerAgent.duration("--interval", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ProfilerAgent.duration("--interval", "0.2s")).isEqualTo(Duration.ofMillis(200));
        assertThat(ProfilerAgent.duration("--interval", "2")).isEqualTo(Duration.ofSeconds(2));
        assertThat(ProfilerAgent.duration("--interval", "1.5m")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void rejectsBadArgumentsWithAClearMessage() {
        assertThatThrownBy(() -> ProfilerAgent.parse(new String[] {"--pid", "x", "--pushgateway", "http://pg:9091",
                "--call-id", "58d244-0-M001-00003"})).hasMessageContaining("--pid must be a process id");
        assertThatThrownBy(() -> ProfilerAgent.parse(new String[] {"--pid", "1", "--call-id", "58d244-0-M001-00003"}))
                .hasMessageContaining("--pushgateway is required");
        assertThatThrownBy(() -> ProfilerAgent.parse(new String[] {"--pid", "1", "--pushgateway", "http://pg:9091",
                "--call-id", "58d244"})).hasMessageContaining("not a valid call id");
        assertThatThrownBy(() -> ProfilerAgent.parse(new String[] {"--pid", "1", "--pushgateway", "http://pg:9091",
                "--call-id", "58d244-0-M001-00003", "--interval", "fast"})).hasMessageContaining("--interval must be");
        assertThatThrownBy(() -> ProfilerAgent.parse(new String[] {"--bogus", "1"})).hasMessageContaining("unknown option");
    }

    @Test
    void attachesToARunningProcessAndEndsWithIt() throws Exception {
        try (PushgatewayServer pushgateway = PushgatewayServer.launch()) {
            Process workload = new ProcessBuilder("sh", "-c", "sleep 3 & wait").start();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process agent = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                    ProfilerAgent.class.getName(), "--pid", Long.toString(workload.pid()), "--pushgateway",
                    pushgateway.url(), "--call-id", "0a1b2c-0-M001-00007", "--interval", "0.5s"))
                    .redirectErrorStream(true).start();
            try {
                assertThat(workload.waitFor()).isZero();
                assertThat(agent.waitFor(60, TimeUnit.SECONDS)).as("the agent ends with the process").isTrue();
                String output = new String(agent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(agent.exitValue()).as(output).isZero();
                assertThat(output).contains("CallProfile[").contains("droppedSamples=0");

                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(pushgateway.url() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains("memory_usage{call_id=\"0a1b2c-0-M001-00007\",executor_id=\"0a1b2c-0\","
                        + "instance=\"0a1b2c\",job=\"lithops_profiler\",job_id=\"0a1b2c-0-M001\"");
            } finally {
                agent.destroyForcibly();
                workload.destroyForcibly();
            }
        }
    }
}
