package io.slaguard.executor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.slaguard.executor.telemetry.PushgatewayGroups;
import io.slaguard.executor.telemetry.PushgatewayShards;
import io.slaguard.protocol.BuildVersion;
import io.slaguard.protocol.Ids;
import io.slaguard.protocol.Telemetry;
import io.slaguard.testsupport.FreePort;
import io.slaguard.testsupport.MonitoringStack;
import io.slaguard.testsupport.WorkerTelemetry;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RunCommandTest {
    @TempDir
    Path dir;

    private int run(String... args) {
        return run(new StringWriter(), args);
    }

    /** Runs the CLI in this JVM with its stdout written to {@code out}. */
    private static int run(StringWriter out, String... args) {
        CommandLine cli = ExecutorCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter()));
        return cli.execute(args);
    }

    @Test
    void mapsACommandOverAnInputFileAndExitsNonZeroWhenACallFails() throws IOException {
        Path inputs = Files.writeString(dir.resolve("inputs"), "0\n\n3\n0\n");
        Path results = dir.resolve("results");
        Path instanceFile = dir.resolve("instance");

        int exit = run("run", "--command", "sh -c 'echo \"in {}\"; exit {}'", "--inputs", inputs.toString(),
                "--results", results.toString(), "--instance-file", instanceFile.toString(), "--retention", "0");

        assertThat(exit).isEqualTo(1);
        String instance = Files.readString(instanceFile).strip();
        assertThat(Ids.isInstance(instance)).isTrue();
        List<String> lines = Files.readAllLines(results);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo(instance + "-0-M000-00000\tsucceeded\tin 0");
        assertThat(lines.get(1)).startsWith(instance + "-0-M000-00001\tfailed\t").contains("exit code 3");
    }

    @Test
    void severalPushgatewaysTakeTheRunOnTheOneItsInstancePicks() {
        String shared = MonitoringStack.shared().pushgateway().url();
        List<URI> pushgateways = List.of(URI.create("http://127.0.0.1:" + FreePort.find()), URI.create(shared));
        // an instance whose Pushgateway is the running one; the other is not listening
        String instance = Stream.generate(Ids::newInstance)
                .filter(i -> PushgatewayShards.forInstance(pushgateways, i).toString().equals(shared))
                .findFirst().orElseThrow();

        int exit = run("run", "--command", "echo {}", "--range", "2", "--instance", instance, "--pushgateway",
                pushgateways.get(0) + "," + pushgateways.get(1), "--retention", "10s");

        assertThat(exit).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> MonitoringStack.shared().prometheus()
                .query("function_end{exported_instance=\"" + instance + "\"}").size() == 2);
        // and the background clean-up deletes the run's groups from that same Pushgateway after the retention
        PushgatewayGroups groups = new PushgatewayGroups(shared);
        await().atMost(Duration.ofSeconds(60)).until(() -> groups.metricsOf(instance).isEmpty());
    }

    @Test
    void inputLinesThatNameFilesHaveTheirSizesPushed() throws IOException {
        Path data = Files.write(dir.resolve("data.bin"), new byte[2048]);
        Path inputs = Files.writeString(dir.resolve("paths"), data + "\n" + dir.resolve("absent") + "\n");
        String instance = Ids.newInstance();

        int exit = run("run", "--command", "echo {}", "--inputs", inputs.toString(), "--instance", instance,
                "--pushgateway", MonitoringStack.shared().pushgateway().url(), "--retention", "15m");

        assertThat(exit).isZero();
        assertThat(new PushgatewayGroups(MonitoringStack.shared().pushgateway().url()).metricsOf(instance))
                .filteredOn(m -> m.name().equals(Telemetry.FUNCTION_INPUT_BYTES)).singleElement()
                .satisfies(m -> {
                    assertThat(m.value()).isEqualTo(2048);
                    assertThat(m.groupLabels()).containsEntry("call_id", instance + "-0-M000-00000");
                });
    }

    @Test
    void allCallsSucceedingExitsZeroWithTheGivenInstance() throws IOException {
        Path results = dir.resolve("results");

        int exit = run("run", "--command", "echo {}", "--range", "3", "--instance", "abc123", "--results",
                results.toString(), "--retention", "0");

        assertThat(exit).isZero();
        assertThat(Files.readAllLines(results)).containsExactly("abc123-0-M000-00000\tsucceeded\t0",
                "abc123-0-M000-00001\tsucceeded\t1", "abc123-0-M000-00002\tsucceeded\t2");
    }

    @Test
    void jsonPrintsTheSummaryAsTheOnlyThingOnStdout() {
        StringWriter out = new StringWriter();

        int exit = run(out, "run", "--command", "sh -c 'exit {}'", "--range", "2", "--instance", "abc124",
                "--retention", "0", "--json");

        assertThat(exit).isEqualTo(1);
        JsonNode summary = JsonMapper.builder().build().readTree(out.toString());
        assertThat(summary.path("instance").asString()).isEqualTo("abc124");
        assertThat(summary.path("calls").asInt()).isEqualTo(2);
        assertThat(summary.path("succeeded").asInt()).isEqualTo(1);
        assertThat(summary.path("failed").asInt()).isEqualTo(1);
        assertThat(summary.path("relaunches").asLong()).isZero();
        assertThat(summary.path("instanceCancelled").asBoolean()).isFalse();
        assertThat(summary.path("estimatedCost").asDouble()).isPositive();
        JsonNode failed = summary.path("unsuccessful").get(0);
        assertThat(failed.path("callId").asString()).isEqualTo("abc124-0-M000-00001");
        assertThat(failed.path("state").asString()).isEqualTo("failed");
        assertThat(failed.path("exitCode").asInt()).isEqualTo(1);
    }

    @Test
    void cleanupFindsTheInstancesPushgatewayAmongSeveralLikeRun() throws Exception {
        String shared = MonitoringStack.shared().pushgateway().url();
        List<URI> pushgateways = List.of(URI.create("http://127.0.0.1:" + FreePort.find()), URI.create(shared));
        String instance = Stream.generate(Ids::newInstance)
                .filter(i -> PushgatewayShards.forInstance(pushgateways, i).toString().equals(shared))
                .findFirst().orElseThrow();
        try (WorkerTelemetry worker = new WorkerTelemetry(shared)) {
            worker.job(instance, instance + "-0-M000", "fn", 1, 128);
        }
        PushgatewayGroups groups = new PushgatewayGroups(shared);
        assertThat(groups.metricsOf(instance)).isNotEmpty();

        int exit = run("cleanup", "--pushgateway", pushgateways.get(0) + "," + pushgateways.get(1), "--instance", instance);

        assertThat(exit).isZero();
        assertThat(groups.metricsOf(instance)).isEmpty();
    }

    @Test
    void versionComesFromTheBuildAndCompletionIsGenerated() {
        StringWriter version = new StringWriter();
        assertThat(run(version, "--version")).isZero();
        assertThat(version.toString().strip()).isEqualTo("executor " + BuildVersion.current());
        StringWriter runVersion = new StringWriter();
        assertThat(run(runVersion, "run", "--version")).isZero();
        assertThat(runVersion.toString().strip()).isEqualTo("executor " + BuildVersion.current());

        StringWriter completion = new StringWriter();
        assertThat(run(completion, "generate-completion")).isZero();
        assertThat(completion.toString()).contains("complete -F").contains("cleanup").contains("--pushgateway")
                .contains("--json");
        StringWriter help = new StringWriter();
        assertThat(run(help, "--help")).isZero();
        assertThat(help.toString()).contains("generate-completion");
    }

    @Test
    void badUsageIsRefusedBeforeAnythingRuns() {
        Path marker = dir.resolve("ran");
        String command = "touch " + marker;

        assertThat(run("run", "--command", command, "--range", "1", "--sla")).isEqualTo(2);
        assertThat(run("run", "--command", command, "--range", "0")).isEqualTo(2);
        assertThat(run("run", "--command", command)).isEqualTo(2);
        assertThat(run("run", "--command", command, "--range", "1", "--instance", "XYZ")).isEqualTo(2);
        assertThat(run("run", "--command", "sh -c 'unterminated", "--range", "1")).isEqualTo(2);
        assertThat(run("run", "--backend", "lambda", "--command", command, "--range", "1")).isEqualTo(2);
        assertThat(marker).doesNotExist();
    }

    @Test
    void aBadBrokerUriIsRefusedNamingTheOptionWithoutThePassword() {
        Path marker = dir.resolve("ran");
        CommandLine cli = ExecutorCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("run", "--command", "touch " + marker, "--range", "1", "--sla",
                "--pushgateway", "http://127.0.0.1:1", "--rabbitmq", "amqp://sla:s3cret@broker:99999/");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--rabbitmq", "amqp://sla:****@broker:99999/", "port").doesNotContain("s3cret");
        assertThat(marker).doesNotExist();
    }

    @Test
    void splitsCommandLinesLikeAShellWithoutExpandingAnything() {
        assertThat(CommandLineSplitter.split("sh -c \"sleep {}\"")).containsExactly("sh", "-c", "sleep {}");
        assertThat(CommandLineSplitter.split("a 'b  c' \"d \\\"e\\\"\" f\\ g $HOME")).containsExactly("a", "b  c", "d \"e\"", "f g", "$HOME");
        assertThat(CommandLineSplitter.split("  x   ''  ")).containsExactly("x", "");
    }
}
