package io.slaguard.executor.engine;

import java.time.Instant;

import io.slaguard.executor.api.AttemptProfile;
import io.slaguard.executor.api.AttemptState;
import io.slaguard.executor.api.AttemptStatus;
import io.slaguard.executor.api.ErrorKind;
import io.slaguard.executor.backend.Cancellation;

/** One attempt of a call; guarded by its call's monitor. */
final class Attempt {
    final int number;
    final AttemptKind kind;
    final Cancellation cancellation = new Cancellation();
    AttemptState state = AttemptState.QUEUED;
    /** A worker took it and the backend is starting it. */
    boolean claimed;
    Instant start;
    Instant end;
    Integer exitCode;
    ErrorKind error;
    String message;
    AttemptProfile profile;

    Attempt(int number, AttemptKind kind) {
        this.number = number;
        this.kind = kind;
    }

    AttemptStatus status() {
        return new AttemptStatus(number, state, start, end, exitCode, error, message, profile);
    }
}
