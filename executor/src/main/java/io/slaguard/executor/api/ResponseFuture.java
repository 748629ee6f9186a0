package io.slaguard.executor.api;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** The future result of one call (Lithops' ResponseFuture): completes once, with the winning attempt's result. */
public final class ResponseFuture {
    private final String callId;
    private final CompletableFuture<String> result;
    private final Supplier<CallStatus> status;

    public ResponseFuture(String callId, CompletableFuture<String> result, Supplier<CallStatus> status) {
        this.callId = callId;
        this.result = result;
        this.status = status;
    }

    public String callId() {
        return callId;
    }

    /** The call as it stands now: state, attempts, timings, exit codes, errors. */
    public CallStatus status() {
        return status.get();
    }

    public boolean isDone() {
        return result.isDone();
    }

    /**
     * Waits for the result. Throws {@link CallFailedException} when every attempt failed and
     * {@link CostLimitExceededException} when the instance was cancelled.
     */
    public String result() {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + callId, e);
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    /** Like {@link #result()}, giving up after {@code timeout}. */
    public String result(Duration timeout) throws TimeoutException {
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + callId, e);
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    /** The underlying future, for composition. */
    public CompletableFuture<String> toCompletableFuture() {
        return result.copy();
    }

    private static RuntimeException unwrap(ExecutionException e) {
        return e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    }

    /** Completes when every one of the futures has completed, normally or not. */
    public static CompletableFuture<Void> allOf(List<ResponseFuture> futures) {
        return CompletableFuture.allOf(futures.stream().map(f -> f.result).toArray(CompletableFuture[]::new));
    }

    @Override
    public String toString() {
        return "ResponseFuture[" + callId + (result.isDone() ? ", done]" : "]");
    }
}
