package io.slaguard.executor.profiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.slaguard.executor.api.AttemptStatus;
import io.slaguard.executor.api.CallFunction;
import io.slaguard.executor.FunctionExecutor;
import io.slaguard.executor.api.ResponseFuture;
import io.slaguard.executor.backend.LocalBackend;
import io.slaguard.protocol.ProfilerMetrics;
import io.slaguard.testsupport.MonitoringStack;
import io.slaguard.testsupport.PrometheusServer;

/** With profiling on, every local call's process tree is sampled and its samples reach Prometheus. */
class ProfiledCallsTest {
    @Test
    void eachCallGetsAProfileAndItsSamplesArePushed() {
        MonitoringStack stack = MonitoringStack.shared();
        try (FunctionExecutor executor = FunctionExecutor.builder().backend(LocalBackend.withWorkers(2))
                .pushgateway(URI.create(stack.pushgateway().url())).profiling(Duration.ofMillis(200))
                .telemetryRetention(Duration.ofMinutes(15)).build()) {
            ResponseFuture call = executor.callAsync(CallFunction.command(List.of("sh", "-c",
                    "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; sleep 3; echo {}")), "x");

            assertThat(call.result()).isEqualTo("x\n");

            AttemptStatus attempt = call.status().attempts().get(0);
            assertThat(attempt.profile()).isNotNull();
            assertThat(attempt.profile().samples()).isGreaterThanOrEqualTo(1);
            assertThat(attempt.profile().peakMemoryMb()).isPositive();
            PrometheusServer prometheus = stack.prometheus();
            await().atMost(Duration.ofSeconds(30)).until(() -> !prometheus.query(
                    ProfilerMetrics.MEMORY_USAGE + "{call_id=\"" + call.callId() + "\"}").isEmpty());
        }
    }
}
