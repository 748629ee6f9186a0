package io.slaguard.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.slaguard.executor.api.AttemptState;
import io.slaguard.executor.api.CallFailedException;
import io.slaguard.executor.api.CallFunction;
import io.slaguard.executor.api.CallState;
import io.slaguard.executor.api.CallStatus;
import io.slaguard.executor.api.ErrorKind;
import io.slaguard.executor.api.ResponseFuture;
import io.slaguard.executor.backend.LocalBackend;
import io.slaguard.protocol.Ids;

class LocalExecutionTest {
    private final FunctionExecutor executor = FunctionExecutor.builder().backend(LocalBackend.withWorkers(4))
            .memoryMb(256).build();

    @AfterEach
    void close() {
        executor.close();
    }

    @Test
    void mapsACommandOverInputsWithItsIdentityInTheEnvironment() {
        CallFunction echo = CallFunction.command(List.of("sh", "-c",
                "echo \"{} $SLA_INPUT $SLA_CALL_ID $SLA_JOB_ID $SLA_ATTEMPT\""));

        List<ResponseFuture> futures = executor.map(echo, List.of("a", "b", "c"));
        List<String> results = executor.getResult(futures);

        String job = executor.executorId() + "-M000";
        assertThat(results).containsExactly(
                "a a " + job + "-00000 " + job + " 0\n",
                "b b " + job + "-00001 " + job + " 0\n",
                "c c " + job + "-00002 " + job + " 0\n");
        assertThat(Ids.isInstance(executor.instance())).isTrue();
        assertThat(executor.executorId()).isEqualTo(executor.instance() + "-0");
        CallStatus status = futures.get(1).status();
        assertThat(status.state()).isEqualTo(CallState.SUCCEEDED);
        assertThat(status.memoryMb()).isEqualTo(256);
        assertThat(status.attempts()).singleElement().satisfies(attempt -> {
            assertThat(attempt.state()).isEqualTo(AttemptState.SUCCEEDED);
            assertThat(attempt.exitCode()).isZero();
            assertThat(attempt.start()).isNotNull();
            assertThat(attempt.end()).isAfterOrEqualTo(attempt.start());
        });
    }

    @Test
    void aNonZeroExitCodeFailsTheCallWithItsCodeAndStderr() {
        CallFunction exit = CallFunction.command(List.of("sh", "-c", "echo oops-{} >&2; exit {}"));

        List<ResponseFuture> futures = executor.map(exit, List.of("0", "3"));
        executor.waitAll(futures);

        assertThat(futures.get(0).result()).isEmpty();
        assertThatThrownBy(() -> futures.get(1).result()).isInstanceOfSatisfying(CallFailedException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(3);
            assertThat(e.kind()).isEqualTo(ErrorKind.FUNCTION_ERROR);
            assertThat(e.getMessage()).contains("oops-3");
        });
        CallStatus failed = futures.get(1).status();
        assertThat(failed.state()).isEqualTo(CallState.FAILED);
        assertThat(failed.attempts().get(0).exitCode()).isEqualTo(3);
        assertThatThrownBy(() -> executor.getResult(futures)).isInstanceOf(CallFailedException.class);
    }

    @Test
    void aMissingProgramIsAnInvokeError() {
        ResponseFuture future = executor.callAsync(CallFunction.command(List.of("/nonexistent/program-{}")), "x");

        assertThatThrownBy(future::result).isInstanceOfSatisfying(CallFailedException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVOKE_ERROR));
        assertThat(future.callId()).isEqualTo(executor.executorId() + "-A000-00000");
    }

    @Test
    void javaFunctionsAndMapReduceNumberJobsWithOneCounter() {
        CallFunction square = CallFunction.java("square", input -> Integer.toString(Integer.parseInt(input) * Integer.parseInt(input)));
        CallFunction sum = CallFunction.java("sum", lines -> Integer.toString(lines.lines().mapToInt(Integer::parseInt).sum()));

        ResponseFuture single = executor.callAsync(square, "7");
        ResponseFuture reduced = executor.mapReduce(square, List.of("1", "2", "3"), sum);

        assertThat(single.result()).isEqualTo("49");
        assertThat(reduced.result()).isEqualTo("14");
        assertThat(single.callId()).endsWith("-A000-00000");
        assertThat(reduced.callId()).endsWith("-R002-00000");
        assertThat(executor.calls()).extracting(CallStatus::jobId).contains(executor.executorId() + "-M001");
    }

    @Test
    void aCommandReduceReadsTheMapResultsOneALine() {
        ResponseFuture reduced = executor.mapReduce(CallFunction.command(List.of("sh", "-c", "echo $(({} * 10))")),
                List.of("1", "2", "3"), CallFunction.command(List.of("sh", "-c", "echo \"$SLA_INPUT\" | awk '{ s += $1 } END { print s }'")));

        assertThat(reduced.result()).isEqualTo("60\n");
    }

    @Test
    void aFailedMapFailsItsReduceWithoutRunningIt() {
        CallFunction failOnTwo = CallFunction.java("fail", input -> {
            if (input.equals("2")) {
                throw new IllegalStateException("bad input 2");
            }
            return input;
        });
        ResponseFuture reduced = executor.mapReduce(failOnTwo, List.of("1", "2"), CallFunction.java("sum", s -> s));

        assertThatThrownBy(reduced::result).isInstanceOf(CallFailedException.class).hasMessageContaining("bad input 2");
        assertThat(reduced.status().attempts()).isEmpty();
        assertThat(reduced.status().state()).isEqualTo(CallState.FAILED);
    }

    @Test
    void closingTheExecutorStopsRunningCallsAndFailsTheirFutures() {
        FunctionExecutor closing = FunctionExecutor.builder().backend(LocalBackend.withWorkers(1)).build();
        List<ResponseFuture> futures = closing.map(CallFunction.command(List.of("sleep", "{}")), List.of("60", "60"));
        org.awaitility.Awaitility.await().until(() -> futures.get(0).status().state() == CallState.RUNNING);

        closing.close();

        assertThat(futures).allSatisfy(f -> {
            assertThatThrownBy(f::result).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
            assertThat(f.status().state()).isEqualTo(CallState.CANCELLED);
        });
        assertThat(futures.get(0).status().attempts().get(0).state()).isEqualTo(AttemptState.CANCELLED);
        assertThatThrownBy(() -> closing.map(CallFunction.command(List.of("true")), List.of("x")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void badJobsAreRefusedAndChangeNothing() {
        assertThatThrownBy(() -> executor.map(CallFunction.lambda("fn"), List.of("1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("local backend cannot run");
        assertThatThrownBy(() -> executor.map(CallFunction.command(List.of("true")), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CallFunction.command("bad name", List.of("true")))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(executor.calls()).isEmpty();
        assertThat(executor.callAsync(CallFunction.command(List.of("echo", "{}")), "x").callId()).endsWith("-A000-00000");
    }
}
