package io.slaguard.executor.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.slaguard.executor.api.AttemptState;
import io.slaguard.executor.api.CallFailedException;
import io.slaguard.executor.api.CallFunction;
import io.slaguard.executor.api.CostLimitExceededException;
import io.slaguard.executor.api.ErrorKind;
import io.slaguard.executor.FunctionExecutor;
import io.slaguard.executor.api.ResponseFuture;
import io.slaguard.remediation.RemediationActions.Outcome;
import tools.jackson.databind.JsonNode;

/** The Lambda backend through the real AWS SDK against an HTTP server speaking the Lambda Invoke API. */
class LambdaBackendTest {
    private final FakeLambda lambda = new FakeLambda();
    private FunctionExecutor executor;

    LambdaBackendTest() throws IOException {
    }

    @AfterEach
    void close() {
        if (executor != null) {
            executor.close();
        }
        lambda.close();
    }

    private FunctionExecutor executor(Duration invokeTimeout, boolean zeroConcurrencyOnCancel) {
        LambdaSettings settings = LambdaSettings.of("eu-west-1").withEndpoint(lambda.endpoint())
                .withStaticCredentials("AKIDEXAMPLE", "not-a-real-secret").withInvokeTimeout(invokeTimeout)
                .withConcurrency(8).withZeroConcurrencyOnCancel(zeroConcurrencyOnCancel);
        executor = FunctionExecutor.builder().backend(new LambdaBackend(settings)).memoryMb(2048).build();
        return executor;
    }

    @Test
    void invokesWithTheCallsIdentityInThePayloadAndReturnsTheResponse() {
        executor(Duration.ofSeconds(30), false);

        List<ResponseFuture> futures = executor.map(CallFunction.lambda("echo"), List.of("7", "hello", "{\"k\":[1]}"));
        List<String> results = executor.getResult(futures);

        assertThat(results.get(1)).contains("\"input\":\"hello\"");
        List<JsonNode> payloads = lambda.invocationsOf("echo").stream().map(FakeLambda.Received::body).toList();
        assertThat(payloads).hasSize(3);
        String job = executor.executorId() + "-M000";
        JsonNode first = payloads.stream().filter(p -> p.path("call_id").asString().endsWith("-00000")).findFirst().orElseThrow();
        assertThat(first.path("input").isNumber()).isTrue();
        assertThat(first.path("input").asInt()).isEqualTo(7);
        assertThat(first.path("call_id").asString()).isEqualTo(job + "-00000");
        assertThat(first.path("job_id").asString()).isEqualTo(job);
        assertThat(first.path("attempt").asInt()).isZero();
        assertThat(first.propertyNames()).containsExactlyInAnyOrder("input", "call_id", "job_id", "attempt");
        assertThat(payloads).anySatisfy(p -> assertThat(p.path("input").path("k").path(0).asInt()).isEqualTo(1));
        assertThat(futures.get(0).status().attempts().get(0).start()).isNotNull();
    }

    @Test
    void functionErrorsThrottlingAndTimeoutsAreReportedPerCallWithoutSdkRetries() {
        executor(Duration.ofSeconds(1), false);

        ResponseFuture failing = executor.callAsync(CallFunction.lambda("fails"), "x");
        ResponseFuture throttled = executor.callAsync(CallFunction.lambda("throttled"), "x");
        ResponseFuture stalled = executor.callAsync(CallFunction.lambda("stalls"), "x");
        executor.waitAll(List.of(failing, throttled, stalled));

        assertThatThrownBy(failing::result).isInstanceOfSatisfying(CallFailedException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.FUNCTION_ERROR);
            assertThat(e.getMessage()).contains("Unhandled").contains("boom");
        });
        assertThatThrownBy(throttled::result).isInstanceOfSatisfying(CallFailedException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.THROTTLED));
        assertThatThrownBy(stalled::result).isInstanceOfSatisfying(CallFailedException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT));
        assertThat(throttled.status().attempts().get(0).error()).isEqualTo(ErrorKind.THROTTLED);
        assertThat(lambda.invocationsOf("throttled")).hasSize(1);
        assertThat(lambda.invocationsOf("stalls")).hasSize(1);
        assertThat(lambda.invocationsOf("fails")).hasSize(1);
    }

    @Test
    void aBackupWinsAndTheStragglersLateResponseIsIgnored() {
        executor(Duration.ofSeconds(30), false);
        ResponseFuture call = executor.callAsync(CallFunction.lambda("straggler"), "x");
        await().atMost(Duration.ofSeconds(20)).until(() -> lambda.invocationsOf("straggler").size() == 1);

        assertThat(executor.remediationActions().startBackup(call.callId()).outcome()).isEqualTo(Outcome.APPLIED);

        assertThat(call.result()).isEqualTo("\"answer-of-attempt-1\"");
        lambda.releaseStragglers();
        assertThat(lambda.invocationsOf("straggler")).extracting(r -> r.body().path("attempt").asInt()).containsExactly(0, 1);
        assertThat(call.status().attempts()).extracting(a -> a.state())
                .containsExactly(AttemptState.CANCELLED, AttemptState.SUCCEEDED);
        assertThat(call.result()).isEqualTo("\"answer-of-attempt-1\"");
    }

    @Test
    void cancellingTheInstanceCanSetReservedConcurrencyToZero() {
        executor(Duration.ofSeconds(30), true);
        ResponseFuture call = executor.callAsync(CallFunction.lambda("stalls"), "x");
        await().atMost(Duration.ofSeconds(20)).until(() -> lambda.invocationsOf("stalls").size() == 1);

        assertThat(executor.remediationActions().cancelInstance("over budget").outcome()).isEqualTo(Outcome.APPLIED);

        assertThatThrownBy(call::result).isInstanceOf(CostLimitExceededException.class);
        assertThat(lambda.received()).filteredOn(r -> r.path().endsWith("/concurrency")).singleElement()
                .satisfies(r -> {
                    assertThat(r.method()).isEqualTo("PUT");
                    assertThat(r.function()).isEqualTo("stalls");
                    assertThat(r.body().path("ReservedConcurrentExecutions").asInt()).isZero();
                });
    }
}
