package io.slaguard.executor.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.slaguard.executor.api.AttemptState;
import io.slaguard.executor.api.CallFunction;
import io.slaguard.executor.api.CallState;
import io.slaguard.executor.api.CallStatus;
import io.slaguard.executor.api.CostLimitExceededException;
import io.slaguard.executor.FunctionExecutor;
import io.slaguard.executor.api.ResponseFuture;
import io.slaguard.executor.backend.LocalBackend;
import io.slaguard.executor.telemetry.PushgatewayGroups;
import io.slaguard.protocol.Telemetry;
import io.slaguard.remediation.RemediationActions;
import io.slaguard.remediation.RemediationActions.Outcome;
import io.slaguard.testsupport.MonitoringStack;

/** The remediation actions driven directly, on real processes, with telemetry going to a real Pushgateway. */
class RemediationActionsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final MonitoringStack stack = MonitoringStack.shared();
    private final PushgatewayGroups pushgateway = new PushgatewayGroups(stack.pushgateway().url());
    private FunctionExecutor executor;

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        if (executor != null) {
            executor.close();
        }
    }

    private FunctionExecutor executor(int workers) {
        executor = FunctionExecutor.builder().backend(LocalBackend.withWorkers(workers))
                .pushgateway(URI.create(stack.pushgateway().url())).telemetryRetention(Duration.ZERO).build();
        return executor;
    }

    /** Attempt 0 starts a child sleeping for a minute (its pid written to a file); later attempts answer at once. */
    private CallFunction straggler() {
        return CallFunction.command("straggler", List.of("sh", "-c",
                "if [ \"$SLA_ATTEMPT\" = 0 ]; then sleep 60 & echo $! > " + dir + "/$SLA_CALL_ID.pid; wait; fi;"
                        + " echo done-{}-$SLA_ATTEMPT"));
    }

    @Test
    void aBackupOfAStragglerWinsAndTheStragglersProcessTreeIsKilled() throws IOException {
        RemediationActions actions = executor(4).remediationActions();
        ResponseFuture call = executor.callAsync(straggler(), "x");
        Path pidFile = dir.resolve(call.callId() + ".pid");
        await().atMost(WAIT).until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        long sleeperPid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(ProcessHandle.of(sleeperPid)).map(ProcessHandle::isAlive).contains(true);
        assertThat(actions.currentAttempt(call.callId())).isZero();

        RemediationActions.ActionResult backup = actions.startBackup(call.callId());

        assertThat(backup.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(call.result()).isEqualTo("done-x-1\n");
        await().atMost(WAIT).until(() -> ProcessHandle.of(sleeperPid).map(ProcessHandle::isAlive).orElse(false) == false);
        CallStatus status = call.status();
        assertThat(status.state()).isEqualTo(CallState.SUCCEEDED);
        assertThat(status.winner()).isEqualTo(1);
        assertThat(status.attempts()).extracting(a -> a.state())
                .containsExactly(AttemptState.CANCELLED, AttemptState.SUCCEEDED);
        assertThat(actions.currentAttempt(call.callId())).isEqualTo(1);
        // the call is decided: nothing more happens to it, its future keeps the winner's result
        assertThat(actions.startBackup(call.callId()).outcome()).isEqualTo(Outcome.NOT_NEEDED);
        assertThat(call.result()).isEqualTo("done-x-1\n");

        assertThat(executor.flushTelemetry(WAIT)).isTrue();
        List<PushgatewayGroups.Metric> metrics = pushgateway.metricsOf(executor.instance());
        assertThat(metrics).filteredOn(m -> !m.groupLabels().containsKey(Telemetry.ATTEMPT)
                        && call.callId().equals(m.groupLabels().get(Telemetry.CALL_ID)))
                .extracting(PushgatewayGroups.Metric::name)
                .containsExactlyInAnyOrder(Telemetry.FUNCTION_START, Telemetry.FUNCTION_CANCEL);
        assertThat(metrics).filteredOn(m -> "1".equals(m.groupLabels().get(Telemetry.ATTEMPT)))
                .extracting(PushgatewayGroups.Metric::name)
                .containsExactlyInAnyOrder(Telemetry.FUNCTION_START, Telemetry.FUNCTION_END);
    }

    @Test
    void aSecondBackupIsNotStartedAndTheAttemptCapHolds() {
        RemediationActions actions = executor(4).remediationActions();
        CallFunction alwaysSlow = CallFunction.command("slow", List.of("sh", "-c",
                "echo $$ > " + dir + "/$SLA_CALL_ID-$SLA_ATTEMPT.pid; exec sleep 60"));
        ResponseFuture call = executor.callAsync(alwaysSlow, "x");
        await().atMost(WAIT).until(() -> call.status().state() == CallState.RUNNING);

        assertThat(actions.startBackup(call.callId()).outcome()).isEqualTo(Outcome.APPLIED);
        await().atMost(WAIT).until(() -> call.status().attempts().get(1).state() == AttemptState.RUNNING);
        assertThat(actions.startBackup(call.callId()).outcome()).isEqualTo(Outcome.NOT_NEEDED);
        assertThat(actions.startBackup("000000-0-M000-00000").outcome()).isEqualTo(Outcome.NOT_NEEDED);
        assertThat(actions.currentAttempt("000000-0-M000-00000")).isEqualTo(-1);
        assertThat(call.status().attemptCount()).isEqualTo(2);
    }

    @Test
    void aNotStartedCallIsReinvokedAndItsLateOriginalNeverRuns() throws IOException {
        RemediationActions actions = executor(1).remediationActions();
        Path gate = dir.resolve("gate");
        CallFunction gated = CallFunction.command("gated", List.of("sh", "-c",
                "if [ {} = block ]; then while [ ! -f " + gate + " ]; do sleep 0.05; done; fi;"
                        + " echo \"{}-$SLA_ATTEMPT\" >> " + dir + "/runs; echo {}-$SLA_ATTEMPT"));
        List<ResponseFuture> futures = executor.map(gated, List.of("block", "queued"));
        ResponseFuture blocker = futures.get(0);
        ResponseFuture queued = futures.get(1);
        await().atMost(WAIT).until(() -> blocker.status().state() == CallState.RUNNING);

        assertThat(actions.reinvoke(blocker.callId()).outcome()).isEqualTo(Outcome.NOT_NEEDED);
        assertThat(actions.reinvoke(queued.callId()).outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(actions.reinvoke(queued.callId()).outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(actions.currentAttempt(queued.callId())).isEqualTo(1);
        Files.createFile(gate);

        assertThat(queued.result()).isEqualTo("queued-1\n");
        executor.waitAll(futures);
        assertThat(queued.status().attempts()).extracting(a -> a.state())
                .containsExactly(AttemptState.SKIPPED, AttemptState.SUCCEEDED);
        assertThat(queued.status().attempts().get(0).start()).isNull();
        assertThat(Files.readAllLines(dir.resolve("runs"))).containsExactly("block-0", "queued-1");
    }

    @Test
    void cancellingTheInstanceFailsEveryOpenCallKillsItsProcessesAndRefusesNewJobs() throws IOException {
        RemediationActions actions = executor(2).remediationActions();
        CallFunction sleeper = CallFunction.command("sleeper", List.of("sh", "-c",
                "echo $$ > " + dir + "/$SLA_CALL_ID.pid; exec sleep 60"));
        List<ResponseFuture> futures = executor.map(sleeper, List.of("1", "2", "3"));
        await().atMost(WAIT).until(() -> futures.stream().map(f -> dir.resolve(f.callId() + ".pid"))
                .filter(RemediationActionsTest::hasPid).count() == 2);
        List<Long> pids = futures.stream().map(f -> dir.resolve(f.callId() + ".pid"))
                .filter(RemediationActionsTest::hasPid).map(RemediationActionsTest::readPid).toList();
        assertThat(pids).hasSize(2);

        assertThat(actions.cancelInstance("budget 0.01 USD crossed").outcome()).isEqualTo(Outcome.APPLIED);

        executor.waitAll(futures);
        assertThat(futures).allSatisfy(f -> assertThatThrownBy(f::result)
                .isInstanceOf(CostLimitExceededException.class).hasMessageContaining("budget 0.01 USD crossed"));
        assertThat(futures).extracting(f -> f.status().state()).containsOnly(CallState.CANCELLED);
        await().atMost(WAIT).until(() -> pids.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        assertThatThrownBy(() -> executor.map(sleeper, List.of("4"))).isInstanceOf(CostLimitExceededException.class);
        assertThat(actions.cancelInstance("again").outcome()).isEqualTo(Outcome.NOT_NEEDED);
        assertThat(actions.startBackup(futures.get(0).callId()).outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(executor.flushTelemetry(WAIT)).isTrue();
        assertThat(pushgateway.metricsOf(executor.instance())).filteredOn(m -> m.name().equals(Telemetry.FUNCTION_CANCEL))
                .hasSize(2);
        // the third call never started: nothing may claim it ran
        assertThat(futures.get(2).status().attempts()).extracting(a -> a.state()).containsExactly(AttemptState.SKIPPED);
    }

    private static boolean hasPid(Path file) {
        try {
            return Files.exists(file) && Files.readString(file).strip().matches("\\d+");
        } catch (IOException e) {
            return false;
        }
    }

    private static long readPid(Path file) {
        try {
            return Long.parseLong(Files.readString(file).strip());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
