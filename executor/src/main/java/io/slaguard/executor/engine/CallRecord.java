package io.slaguard.executor.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

import io.slaguard.executor.api.AttemptState;
import io.slaguard.executor.api.CallFunction;
import io.slaguard.executor.api.CallState;
import io.slaguard.executor.api.CallStatus;

/** A call and its attempts; every field is guarded by this object's monitor. */
final class CallRecord {
    final String callId;
    final String jobId;
    final CallFunction function;
    /** Null until the job starts (a reduce call's input is its map's results). */
    String input;
    /** Known once the job starts, when the executor's {@code InputSize} knows it. */
    OptionalLong inputBytes = OptionalLong.empty();
    final int memoryMb;
    final CompletableFuture<String> future = new CompletableFuture<>();
    final List<Attempt> attempts = new ArrayList<>();
    /** Set once the call is decided; null while it is still open. */
    CallState outcome;
    int winner = -1;

    CallRecord(String callId, String jobId, CallFunction function, String input, int memoryMb) {
        this.callId = callId;
        this.jobId = jobId;
        this.function = function;
        this.input = input;
        this.memoryMb = memoryMb;
    }

    boolean isDecided() {
        return outcome != null;
    }

    Attempt newAttempt(AttemptKind kind) {
        Attempt attempt = new Attempt(attempts.size(), kind);
        attempts.add(attempt);
        return attempt;
    }

    long live() {
        return attempts.stream().filter(a -> a.state.isLive()).count();
    }

    boolean anyRunning() {
        return attempts.stream().anyMatch(a -> a.state == AttemptState.RUNNING);
    }

    boolean anyClaimedOrStarted(Attempt except) {
        return attempts.stream().anyMatch(a -> a != except && (a.claimed || a.start != null));
    }

    CallStatus status() {
        CallState state = outcome != null ? outcome : anyRunning() ? CallState.RUNNING : CallState.PENDING;
        return new CallStatus(callId, jobId, input, memoryMb, state, winner,
                attempts.stream().map(Attempt::status).toList());
    }
}
