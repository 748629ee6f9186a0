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

import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.Test;

import io.slaguard.protocol.BuildVersion;
import io.slaguard.testsupport.PushgatewayServer;

class ProfilerAgentTest {

    @Test
    void parsesTheCommandLine() {
        ProfilerAgent.Arguments args = ProfilerAgent.parse("--pid", "42", "--pushgateway",
                "http://127.0.0.1:9091", "--call-id=58d244-0-M001-00003", "--interval", "1s");
        assertThat(args.pid()).isEqualTo(42);
        assertThat(args.call()).isEqualTo(CallLabels.of("58d244-0-M001-00003"));
        assertThat(args.config().interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(args.config().pushgatewayUrl()).isEqualTo("http://127.0.0.1:9091");
    }

    @Test
    void intervalDefaultsToTenSecondsAndAcceptsTheUsualForms() {
        assertThat(ProfilerAgent.parse("--pid", "1", "--pushgateway", "http://pg:9091", "--call-id",
                "58d244-0-M001-00003").config().interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(interval("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(interval("0.2s")).isEqualTo(Duration.ofMillis(200));
        assertThat(interval("2")).isEqualTo(Duration.ofSeconds(2));
        assertThat(interval("1.5m")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void rejectsBadArgumentsWithAClearMessage() {
        assertThatThrownBy(() -> ProfilerAgent.parse("--pid", "x", "--pushgateway", "http://pg:9091",
                "--call-id", "58d244-0-M001-00003")).hasMessageContaining("'--pid'").hasMessageContaining("'x'");
        assertThatThrownBy(() -> ProfilerAgent.parse("--pid", "0", "--pushgateway", "http://pg:9091",
                "--call-id", "58d244-0-M001-00003")).hasMessageContaining("--pid must be a process id");
        assertThatThrownBy(() -> ProfilerAgent.parse("--pid", "1", "--call-id", "58d244-0-M001-00003"))
                .hasMessageContaining("Missing required option: '--pushgateway");
        assertThatThrownBy(() -> ProfilerAgent.parse("--pid", "1", "--pushgateway", "http://pg:9091",
                "--call-id", "58d244")).hasMessageContaining("not a valid call id");
        assertThatThrownBy(() -> ProfilerAgent.parse("--pid", "1", "--pushgateway", "http://pg:9091",
                "--call-id", "58d244-0-M001-00003", "--interval", "fast")).hasMessageContaining("'--interval'")
                .hasMessageContaining("fast");
        assertThatThrownBy(() -> ProfilerAgent.parse("--pid", "1", "--pushgateway", "http://pg:9091", "--call-id",
                "58d244-0-M001-00003", "--bogus", "1")).hasMessageContaining("Unknown options");
    }

    @Test
    void answersHelpAndVersionAndExitsTwoOnBadUsage() throws Exception {
        Process help = agent("--help");
        assertThat(help.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String helpText = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(help.exitValue()).as(helpText).isZero();
        assertThat(helpText).contains("Usage: profiler-agent").contains("--pid").contains("--call-id")
                .contains("--interval").contains("Exit code");

        Process version = agent("--version");
        assertThat(version.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(version.exitValue()).isZero();
        assertThat(new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
                .isEqualTo("profiler-agent " + BuildVersion.current());

        Process bad = agent("--pid", "1");
        assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isEqualTo(2);
        assertThat(new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("Missing required options").contains("Usage: profiler-agent");
    }

    private static Duration interval(String text) {
        return ProfilerAgent.parse("--pid", "1", "--pushgateway", "http://pg:9091", "--call-id",
                "58d244-0-M001-00003", "--interval", text).config().interval();
    }

    @Test
    void refusesAProcessThatDoesNotExist() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Process agent = agent("--pid", Long.toString(gone.pid()), "--pushgateway", "http://127.0.0.1:9",
                "--call-id", "0a1b2c-0-M001-00007");
        assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(agent.exitValue()).isEqualTo(1);
        assertThat(new String(agent.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("no process with pid " + gone.pid());
    }

    @Test
    void attachesToARunningProcessAndEndsWithIt() throws Exception {
        try (PushgatewayServer pushgateway = PushgatewayServer.launch()) {
            // the workload runs until its stdin closes: long enough for the agent's JVM to start, however slow
            Process workload = new ProcessBuilder("cat").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Process agent = agent("--pid", Long.toString(workload.pid()), "--pushgateway", pushgateway.url(),
                    "--call-id", "0a1b2c-0-M001-00007", "--interval", "0.5s");
            try {
                await("the agent pushes").atMost(Duration.ofSeconds(60)).until(() -> metrics(pushgateway).contains(
                        "memory_usage{call_id=\"0a1b2c-0-M001-00007\",executor_id=\"0a1b2c-0\",instance=\"0a1b2c\","
                                + "job=\"lithops_profiler\",job_id=\"0a1b2c-0-M001\""));
                assertThat(agent.isAlive()).isTrue();

                workload.getOutputStream().close();

                assertThat(workload.waitFor()).isZero();
                assertThat(agent.waitFor(60, TimeUnit.SECONDS)).as("the agent ends with the process").isTrue();
                String output = new String(agent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(agent.exitValue()).as(output).isZero();
                assertThat(output).contains("CallProfile[").contains("droppedSamples=0");
            } finally {
                agent.destroyForcibly();
                workload.destroyForcibly();
            }
        }
    }

    private static String metrics(PushgatewayServer pushgateway) throws java.io.IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(pushgateway.url() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The agent in its own JVM, as an operator would start it. */
    private static Process agent(String... args) throws java.io.IOException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ProfilerAgent.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
