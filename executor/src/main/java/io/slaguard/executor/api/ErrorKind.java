package io.slaguard.executor.api;

/** Why an attempt failed, as the backend saw it. */
public enum ErrorKind {
    /** Local: non-zero exit code or a thrown exception; Lambda: the function reported an error. */
    FUNCTION_ERROR,
    /** Lambda: 429 TooManyRequestsException. */
    THROTTLED,
    /** The invocation did not answer within the configured timeout. */
    TIMEOUT,
    /** The call could not be started or invoked (bad command, network, permissions). */
    INVOKE_ERROR
}
