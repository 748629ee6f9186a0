package io.slaguard.executor.api;

/** A call whose every attempt failed; carries the last failure. */
public class CallFailedException extends RuntimeException {
    private final String callId;
    private final ErrorKind kind;
    private final Integer exitCode;

    public CallFailedException(String callId, ErrorKind kind, Integer exitCode, String message) {
        super(callId + " failed (" + kind + (exitCode == null ? "" : ", exit code " + exitCode) + ")"
                + (message == null || message.isBlank() ? "" : ": " + message));
        this.callId = callId;
        this.kind = kind;
        this.exitCode = exitCode;
    }

    public String callId() {
        return callId;
    }

    public ErrorKind kind() {
        return kind;
    }

    /** The process exit code of a local command, else null. */
    public Integer exitCode() {
        return exitCode;
    }
}
