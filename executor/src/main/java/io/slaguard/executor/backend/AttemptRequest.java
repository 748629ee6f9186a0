package io.slaguard.executor.backend;

import io.slaguard.executor.api.CallFunction;

/** One attempt of one call, as a backend needs it. */
public record AttemptRequest(CallFunction function, String input, String instance, String executorId, String jobId,
                             String callId, int attempt, int memoryMb) {
}
