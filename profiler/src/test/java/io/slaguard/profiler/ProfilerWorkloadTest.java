package io.slaguard.profiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.slaguard.protocol.Ids;
import io.slaguard.protocol.ProfilerMetrics;
import io.slaguard.protocol.Telemetry;
import io.slaguard.testsupport.MonitoringStack;
import io.slaguard.testsupport.QueryEngine.Series;

/** A real process tree (a CPU burner and a file writer under one shell), profiled into a real Pushgateway and Prometheus. */
class ProfilerWorkloadTest {
    private static final int BURNER_LIFE_SECONDS = 4;
    private static final long CLOCK_TICKS = 100; // USER_HZ, the unit of /proc/<pid>/stat times on Linux
    private static MonitoringStack stack;

    @TempDir
    Path dir;

    @BeforeAll
    static void startStack() {
        stack = MonitoringStack.launch();
        // processes live a few seconds: Prometheus must already be scraping when they run
        await("Prometheus scrapes the Pushgateway").atMost(Duration.ofSeconds(60)).until(() ->
                stack.prometheus().query("up").stream().anyMatch(up -> up.value() == 1));
    }

    @AfterAll
    static void stopStack() {
        stack.close();
    }

    @Test
    void profilesEveryProcessOfTheTreeIntoPrometheus() throws Exception {
        CallLabels call = CallLabels.of(Ids.job(Ids.executorId(Ids.newInstance(), 0), Ids.JobKind.MAP, 1).call(3).callId());
        Path file = dir.resolve("written.bin");
        // the writer shell outlives dd, so the 20 MB (which the kernel adds to the parent when it reaps dd) is seen
        String script = """
                sha256sum /dev/zero > /dev/null & burner=$!; echo "burner $burner"
                sh -c 'dd if=/dev/zero of="$1" bs=1M count=20 conv=fsync 2>/dev/null; sleep 4' writer "$1" &
                echo "writer $!"
                sleep 4; echo "burner-cpu-ticks $(cut -d' ' -f14,15 /proc/$burner/stat | tr ' ' +)"; kill $burner; wait
                """;
        Process shell = new ProcessBuilder("bash", "-c", script, "workload", file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = shell.inputReader(StandardCharsets.UTF_8);
            Map<String, String> children = readChildren(out);
            ProfilerHandle handle = Profiler.start(shell.pid(), call,
                    new ProfilerConfig(Duration.ofMillis(300), stack.pushgateway().url(), 4, Duration.ofSeconds(1)));

            assertThat(shell.waitFor()).isZero();
            await("collection ends with the call").atMost(Duration.ofSeconds(10)).until(() -> !handle.isRunning());
            CallProfile profile = handle.stop();
            assertThat(handle.awaitFlushed(Duration.ofSeconds(30))).isTrue();

            String shellPid = Long.toString(shell.pid());
            String burner = children.get("burner");
            String writer = children.get("writer");
            String selector = "{" + ProfilerMetrics.CALL_ID + "='" + call.callId() + "'";

            await("the burner's series in Prometheus").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(query("max_over_time(cpu_usage" + selector + ", pid='" + burner + "'}[5m])")).hasSize(1));
            Series burnerSeries = query("last_over_time(cpu_usage" + selector + ", pid='" + burner + "'}[5m])").get(0);
            assertThat(burnerSeries.labels())
                    .containsEntry(ProfilerMetrics.JOB_ID, call.jobId())
                    .containsEntry(ProfilerMetrics.EXECUTOR_ID, call.executorId())
                    .containsEntry(ProfilerMetrics.CALL_ID, call.callId())
                    .containsEntry(ProfilerMetrics.PARENT_PID, shellPid)
                    .containsEntry(Telemetry.EXPORTED_INSTANCE, call.instance())
                    .containsEntry(Telemetry.EXPORTED_JOB, ProfilerMetrics.PUSH_JOB);
            // the burner wants one whole core; how much it got depends on what else the machine runs, so the
            // kernel's own account (CPU seconds over its 4 s of life) is the reference: the busiest interval the
            // profiler saw cannot be far below that average (on an idle machine both are about 100)
            double burnerCpuSeconds = burnerCpuTicks(out) / (double) CLOCK_TICKS;
            double kernelAveragePercent = burnerCpuSeconds / BURNER_LIFE_SECONDS * 100;
            double peak = query("max_over_time(cpu_usage" + selector + ", pid='" + burner + "'}[5m])").get(0).value();
            assertThat(peak).isGreaterThanOrEqualTo(0.8 * kernelAveragePercent)
                    .isLessThanOrEqualTo(100.0 * Runtime.getRuntime().availableProcessors() * 1.1);

            await("the writer's series in Prometheus").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(query("max_over_time(disk_write_mb" + selector + ", pid='" + writer + "'}[5m])")).hasSize(1));
            assertThat(query("max_over_time(disk_write_mb" + selector + ", pid='" + writer + "'}[5m])").get(0).value())
                    .isCloseTo(20.0, within(1.0));
            assertThat(query("last_over_time(disk_write_mb" + selector + ", pid='" + writer + "'}[5m])").get(0)
                    .label(ProfilerMetrics.PARENT_PID)).isEqualTo(shellPid);

            for (String metric : ProfilerMetrics.PER_PROCESS) {
                assertThat(query("last_over_time(" + metric + selector + ", pid='" + shellPid + "'}[5m])"))
                        .as("%s of the shell", metric).hasSize(1);
            }
            for (String metric : ProfilerMetrics.HOST_WIDE) {
                List<Series> host = query("last_over_time(" + metric + selector + "}[5m])");
                assertThat(host).as("%s, host-wide", metric).hasSize(1);
                assertThat(host.get(0).labels()).doesNotContainKeys(ProfilerMetrics.PID, ProfilerMetrics.PARENT_PID);
            }

            assertThat(profile.samples()).isGreaterThanOrEqualTo(5);
            assertThat(profile.droppedSamples()).isZero();
            // samples cover all but the burner's last interval
            assertThat(profile.cpuSeconds()).isPositive().isGreaterThanOrEqualTo(0.5 * burnerCpuSeconds);
            assertThat(profile.writtenMb()).isCloseTo(20.0, within(1.0));
            assertThat(profile.peakMemoryMb()).isPositive();
        } finally {
            shell.descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly();
        }
    }

    @Test
    void aProcessThatIsAlreadyGoneEndsTheProfileWithoutSamples() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        ProfilerHandle handle = Profiler.start(done.pid(), CallLabels.of("abcdef-0-M000-00000"),
                ProfilerConfig.defaults(stack.pushgateway().url()));

        await().atMost(Duration.ofSeconds(10)).until(() -> !handle.isRunning());
        assertThat(handle.stop().samples()).isZero();
    }

    /** The burner's user + system clock ticks, printed by the workload just before it kills the burner. */
    private static long burnerCpuTicks(BufferedReader out) throws IOException {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("burner-cpu-ticks ")) {
                String[] ticks = line.substring("burner-cpu-ticks ".length()).split("\\+");
                return Long.parseLong(ticks[0].trim()) + Long.parseLong(ticks[1].trim());
            }
        }
        throw new IllegalStateException("the workload did not report the burner's CPU time");
    }

    private static List<Series> query(String promql) {
        return stack.prometheus().query(promql);
    }

    /** Reads "burner PID" and "writer PID" from the workload's output. */
    private static Map<String, String> readChildren(BufferedReader out) throws IOException {
        Map<String, String> children = new HashMap<>();
        while (children.size() < 2) {
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("workload ended before naming its children: " + children);
            }
            String[] parts = line.split(" ");
            children.put(parts[0], parts[1]);
        }
        return children;
    }
}
