package io.slaguard.executor.backend;

import io.slaguard.executor.api.ErrorKind;

/**
 * How an attempt ended: a result, or an error kind with its detail.
 *
 * @param result   standard output / the function's return / the Lambda response payload; null on error
 * @param error    null on success
 * @param exitCode the local process exit code, else null
 * @param message  error detail, null on success
 */
public record AttemptOutcome(String result, ErrorKind error, Integer exitCode, String message) {

    public static AttemptOutcome success(String result, Integer exitCode) {
        return new AttemptOutcome(result, null, exitCode, null);
    }

    public static AttemptOutcome failure(ErrorKind error, Integer exitCode, String message) {
        return new AttemptOutcome(null, error, exitCode, message);
    }

    public boolean succeeded() {
        return error == null;
    }
}
